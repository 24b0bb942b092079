import { hasAnyUser } from '../../auth/first-run.ts';
import { publicProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { completeSetupHandler } from './complete.handler.ts';
import { ZCompleteSetupInputSchema } from './complete.schema.ts';

export const setupRouter = router({
  /** Whether the first admin still has to be created. */
  needed: publicProcedure.query(async ({ ctx }) => !(await hasAnyUser(ctx.db))),
  complete: publicProcedure.input(ZCompleteSetupInputSchema).mutation(completeSetupHandler),
});
