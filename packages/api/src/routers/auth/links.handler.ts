import { requestLink, signInWithLink } from '../../auth/links.ts';
import type { Context } from '../../context.ts';
import type { TRequestLinkInputSchema, TResetPasswordInputSchema, TUseLinkInputSchema } from './links.schema.ts';

export async function requestLinkHandler({ ctx, input }: { ctx: Context; input: TRequestLinkInputSchema }) {
  await requestLink(ctx, input);
  return { sent: true as const };
}

export async function useLinkHandler({ ctx, input }: { ctx: Context; input: TUseLinkInputSchema }) {
  const signedIn = await signInWithLink(ctx.db, { token: input.token, purpose: 'sign_in', ...ctx.origin });
  ctx.cookies.setSession(signedIn.sessionToken);
  return { workspaceId: signedIn.workspaceId, next: signedIn.nextPath };
}

export async function resetPasswordHandler({ ctx, input }: { ctx: Context; input: TResetPasswordInputSchema }) {
  const signedIn = await signInWithLink(ctx.db, { token: input.token, purpose: 'password_reset', newPassword: input.password, ...ctx.origin });
  ctx.cookies.setSession(signedIn.sessionToken);
  return { workspaceId: signedIn.workspaceId, next: signedIn.nextPath };
}
