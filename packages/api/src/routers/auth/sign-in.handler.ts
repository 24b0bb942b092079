import { signInWithPassword } from '../../auth/sign-in.ts';
import type { Context } from '../../context.ts';
import type { TSignInInputSchema } from './sign-in.schema.ts';

export async function signInHandler({ ctx, input }: { ctx: Context; input: TSignInInputSchema }) {
  const signedIn = await signInWithPassword(ctx.db, { ...input, ...ctx.origin }, ctx.log);
  ctx.cookies.setSession(signedIn.sessionToken);
  return { workspaceId: signedIn.workspaceId };
}
