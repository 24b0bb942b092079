import { authedProcedure, publicProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { meHandler } from './me.handler.ts';
import { signInHandler } from './sign-in.handler.ts';
import { ZSignInInputSchema } from './sign-in.schema.ts';
import { signOutEverywhereHandler, signOutHandler } from './sign-out.handler.ts';

export const authRouter = router({
  signIn: publicProcedure.input(ZSignInInputSchema).mutation(signInHandler),
  signOut: publicProcedure.mutation(signOutHandler),
  signOutEverywhere: authedProcedure.mutation(signOutEverywhereHandler),
  me: publicProcedure.query(meHandler),
});
