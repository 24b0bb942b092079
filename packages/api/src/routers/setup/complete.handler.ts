import { completeSetup } from '../../auth/first-run.ts';
import type { Context } from '../../context.ts';
import type { TCompleteSetupInputSchema } from './complete.schema.ts';

export async function completeSetupHandler({ ctx, input }: { ctx: Context; input: TCompleteSetupInputSchema }) {
  const done = await completeSetup(ctx.db, { ...input, ...ctx.origin });
  ctx.cookies.setSession(done.sessionToken);
  return { workspaceId: done.workspaceId };
}
