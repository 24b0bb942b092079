import { authedProcedure, publicProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { requestLinkHandler, resetPasswordHandler, useLinkHandler } from './links.handler.ts';
import { ZRequestLinkInputSchema, ZResetPasswordInputSchema, ZUseLinkInputSchema } from './links.schema.ts';
import { meHandler } from './me.handler.ts';
import { switchWorkspaceHandler } from './switch-workspace.handler.ts';
import { ZSwitchWorkspaceInputSchema } from './switch-workspace.schema.ts';
import { signInHandler } from './sign-in.handler.ts';
import { ZSignInInputSchema } from './sign-in.schema.ts';
import { signOutEverywhereHandler, signOutHandler } from './sign-out.handler.ts';

export const authRouter = router({
  signIn: publicProcedure.input(ZSignInInputSchema).mutation(signInHandler),
  signOut: publicProcedure.mutation(signOutHandler),
  signOutEverywhere: authedProcedure.mutation(signOutEverywhereHandler),
  switchWorkspace: authedProcedure.input(ZSwitchWorkspaceInputSchema).mutation(switchWorkspaceHandler),
  me: publicProcedure.query(meHandler),
  requestLink: publicProcedure.input(ZRequestLinkInputSchema).mutation(requestLinkHandler),
  useLink: publicProcedure.input(ZUseLinkInputSchema).mutation(useLinkHandler),
  resetPassword: publicProcedure.input(ZResetPasswordInputSchema).mutation(resetPasswordHandler),
});
