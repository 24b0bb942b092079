import { Invalid, LINK_REQUEST_LIMIT, normalizeEmail, passwordProblem, RateLimited } from '@switchboard/core';
import { hashToken } from '@switchboard/core/crypto';
import { appendAudit, consumeOneTimeLink, countRecentActions, recordSignIn, setPasswordHash, upsertUser, type Sql } from '@switchboard/db';
import type { Context, RequestOrigin } from '../context.ts';
import { admitThroughAllowlist, assertAllowlisted } from './admission.ts';
import { hashPassword } from './password-hashing.ts';
import { startSession } from './sessions.ts';
import { assertNotRateLimited } from './sign-in.ts';

export type LinkPurpose = 'sign_in' | 'password_reset';

/** Queues an emailed link for an allowlisted address; anyone else is told to ask an admin. */
export async function requestLink(ctx: Pick<Context, 'db' | 'enqueue' | 'origin'>, input: { email: string; purpose: LinkPurpose }): Promise<void> {
  const email = normalizeEmail(input.email);
  await assertNotRateLimited(ctx.db, email, ctx.origin.ip);
  await assertAllowlisted(ctx.db, email);
  const recent = await countRecentActions(ctx.db, {
    actorLabel: email,
    actions: ['auth.link_requested', 'auth.password_reset_requested'],
    windowMs: LINK_REQUEST_LIMIT.windowMs,
  });
  if (recent >= LINK_REQUEST_LIMIT.maxRequests) {
    throw new RateLimited('Too many links asked for this address. Check your inbox, or try again in 15 minutes.', LINK_REQUEST_LIMIT.windowMs / 1000);
  }
  await ctx.enqueue('auth.send-link', { email, purpose: input.purpose });
  await appendAudit(ctx.db, {
    workspaceId: null,
    actorUserId: null,
    actorLabel: email,
    action: input.purpose === 'sign_in' ? 'auth.link_requested' : 'auth.password_reset_requested',
    ip: ctx.origin.ip,
  });
}

const EXPIRED_LINK = 'This link has expired or was already used. Ask for a new one.';

/**
 * Uses an emailed link: signs the person in (creating their account on first use, if the allowlist
 * still names them) and, for a reset link, sets their new password.
 */
export async function signInWithLink(
  sql: Sql,
  input: { token: string; purpose: LinkPurpose; newPassword?: string } & RequestOrigin,
): Promise<{ sessionToken: string; workspaceId: string | null }> {
  return sql.begin(async (tx) => {
    const link = await consumeOneTimeLink(tx, hashToken(input.token), input.purpose);
    if (!link?.email) throw new Invalid(EXPIRED_LINK);
    if (input.purpose === 'password_reset') {
      const problem = passwordProblem(input.newPassword ?? '', link.email);
      if (problem) throw new Invalid(problem);
    }
    await assertAllowlisted(tx, link.email);
    const user = await upsertUser(tx, { email: link.email });
    if (input.purpose === 'password_reset') await setPasswordHash(tx, user.id, await hashPassword(input.newPassword ?? ''));
    const memberships = await admitThroughAllowlist(tx, user);
    const workspaceId = memberships[0]?.workspaceId ?? null;
    const sessionToken = await startSession(tx, { userId: user.id, workspaceId, ip: input.ip, userAgent: input.userAgent });
    await recordSignIn(tx, user.id);
    await appendAudit(tx, {
      workspaceId,
      actorUserId: user.id,
      actorLabel: user.email,
      action: input.purpose === 'sign_in' ? 'auth.sign_in' : 'auth.password_reset',
      summary: { method: 'email_link' },
      ip: input.ip,
    });
    return { sessionToken, workspaceId };
  });
}
