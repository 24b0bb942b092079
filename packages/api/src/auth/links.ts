import { Forbidden, Invalid, LINK_REQUEST_LIMIT, normalizeEmail, passwordProblem, RateLimited } from '@switchboard/core';
import { hashToken } from '@switchboard/core/crypto';
import {
  consumeOneTimeLink,
  countRecentActions,
  lockForTransaction,
  recordSignIn,
  revokeUserSessions,
  setPasswordHash,
  upsertUser,
  type Sql,
} from '@switchboard/db';
import type { Context, RequestOrigin } from '../context.ts';
import { admitThroughAllowlist, assertAllowlisted, isAllowlisted, NOT_ALLOWLISTED_MESSAGE, workspacesOpenedBy } from './admission.ts';
import { hashPassword } from './password-hashing.ts';
import { startSession } from './sessions.ts';
import { assertNotRateLimited, claimSignInAttempt } from './sign-in.ts';
import { recordEntry } from '../audit/record.ts';

export type LinkPurpose = 'sign_in' | 'password_reset';

const LINK_REQUEST_ACTIONS = { sign_in: 'auth.link_requested', password_reset: 'auth.password_reset_requested' } as const;

/**
 * Queues the email with a one-time link, recording which workspaces the link opens: in the sandbox,
 * only an admin of all of them can read it in the outbox.
 */
export async function queueAuthLink(ctx: Pick<Context, 'db' | 'enqueue'>, email: string, purpose: LinkPurpose, nextPath?: string): Promise<void> {
  const workspaceIds = await workspacesOpenedBy(ctx.db, email);
  await ctx.enqueue('auth.send-link', nextPath ? { email, purpose, workspaceIds, nextPath } : { email, purpose, workspaceIds });
}

/**
 * Queues an emailed link for an allowlisted address; anyone else is told to ask an admin. The link
 * keeps `next`, the page to return to once signed in (or once the new password is set), with it; it
 * is checked again when the link is used.
 */
export async function requestLink(
  ctx: Pick<Context, 'db' | 'enqueue' | 'origin'>,
  input: { email: string; purpose: LinkPurpose; next?: string | undefined },
): Promise<void> {
  const email = normalizeEmail(input.email);
  await assertNotRateLimited(ctx.db, email, ctx.origin.ip);
  if (!(await isAllowlisted(ctx.db, email))) {
    // Counted like a failed sign-in (per address and per IP, checked and recorded under a lock), so the
    // answer cannot be used to read the allowlist one address after another at full speed.
    await claimSignInAttempt(ctx.db, email, ctx.origin.ip);
    throw new Forbidden(NOT_ALLOWLISTED_MESSAGE);
  }
  // Count and check under a lock on the address, so concurrent requests cannot all pass the check.
  await ctx.db.begin(async (tx) => {
    await lockForTransaction(tx, `auth-link:${email}`);
    const recent = await countRecentActions(tx, {
      actorLabel: email,
      actions: Object.values(LINK_REQUEST_ACTIONS),
      windowMs: LINK_REQUEST_LIMIT.windowMs,
    });
    if (recent >= LINK_REQUEST_LIMIT.maxRequests) {
      throw new RateLimited('Too many links asked for this address. Check your inbox, or try again in 15 minutes.', LINK_REQUEST_LIMIT.windowMs / 1000);
    }
    // The audit entry is the count: written before the email is queued.
    await recordEntry(tx, { workspaceId: null, actorUserId: null, actorLabel: email, action: LINK_REQUEST_ACTIONS[input.purpose], ip: ctx.origin.ip });
  });
  await queueAuthLink(ctx, email, input.purpose, input.next);
}

const EXPIRED_LINK = 'This link has expired or was already used. Ask for a new one.';

/**
 * Uses an emailed link: signs the person in (creating their account on first use, if the allowlist
 * still names them) and, for a reset link, sets their new password and ends all their other sessions.
 * `nextPath` is the page the link was asked for from, as stored: not yet checked as a place to go.
 */
export async function signInWithLink(
  sql: Sql,
  input: { token: string; purpose: LinkPurpose; newPassword?: string } & RequestOrigin,
): Promise<{ sessionToken: string; workspaceId: string | null; nextPath: string | null }> {
  return sql.begin(async (tx) => {
    const link = await consumeOneTimeLink(tx, hashToken(input.token), input.purpose);
    if (!link?.email) throw new Invalid(EXPIRED_LINK);
    if (input.purpose === 'password_reset') {
      const problem = passwordProblem(input.newPassword ?? '', link.email);
      if (problem) throw new Invalid(problem);
    }
    await assertAllowlisted(tx, link.email);
    const user = await upsertUser(tx, { email: link.email });
    const resetting = input.purpose === 'password_reset';
    let sessionsEnded = 0;
    if (resetting) {
      // Hashed only once the link proved valid, so junk tokens cost no hashing.
      await setPasswordHash(tx, user.id, await hashPassword(input.newPassword ?? ''));
      // Whoever knew the old password (or stole a cookie) is signed out with it.
      sessionsEnded = await revokeUserSessions(tx, user.id);
    }
    const memberships = await admitThroughAllowlist(tx, user);
    const workspaceId = memberships[0]?.workspaceId ?? null;
    const sessionToken = await startSession(tx, { userId: user.id, workspaceId, ip: input.ip, userAgent: input.userAgent });
    await recordSignIn(tx, user.id);
    await recordEntry(tx, {
      workspaceId,
      actorUserId: user.id,
      actorLabel: user.email,
      action: input.purpose === 'sign_in' ? 'auth.sign_in' : 'auth.password_reset',
      summary: resetting ? { method: 'email_link', otherSessionsEnded: sessionsEnded } : { method: 'email_link' },
      ip: input.ip,
    });
    return { sessionToken, workspaceId, nextPath: link.nextPath };
  });
}
