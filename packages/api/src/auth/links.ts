import { Invalid, LINK_REQUEST_LIMIT, normalizeEmail, passwordProblem, RateLimited } from '@switchboard/core';
import { hashToken } from '@switchboard/core/crypto';
import {
  confirmSignInAttemptFailed,
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
import { addressAudience, admitThroughAllowlist, assertAllowlisted, workspacesOpenedBy } from './admission.ts';
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
  await enqueueAuthLink(ctx, { email, purpose, workspaceIds: await workspacesOpenedBy(ctx.db, email), nextPath });
}

function enqueueAuthLink(ctx: Pick<Context, 'enqueue'>, link: { email: string; purpose: LinkPurpose; workspaceIds: string[]; nextPath?: string | undefined }) {
  const { nextPath, ...job } = link;
  return ctx.enqueue('auth.send-link', nextPath ? { ...job, nextPath } : job);
}

// Every limit a link request can hit (links per address, failed sign-ins per address or per IP) gives
// this one answer, so which limit an address reaches, and when, does not tell whether it may sign in.
// Each window is 15 minutes: waiting that long always helps.
const LINK_LIMIT_SECONDS = LINK_REQUEST_LIMIT.windowMs / 1000;
const LINK_LIMITED_MESSAGE = `Too many sign-in requests for this address or from your network. Check your inbox, or try again in ${LINK_LIMIT_SECONDS / 60} minutes.`;

/**
 * Queues an emailed link for an allowlisted address. Anyone else gets the same answer and no link, so
 * the answer does not tell who may sign in: the page says a link is on its way if the address may
 * sign in. The link keeps `next`, the page to return to once signed in (or once the new password is
 * set), with it; it is checked again when the link is used.
 */
export async function requestLink(
  ctx: Pick<Context, 'db' | 'enqueue' | 'origin'>,
  input: { email: string; purpose: LinkPurpose; next?: string | undefined },
): Promise<void> {
  try {
    await queueLinkIfAllowlisted(ctx, { ...input, email: normalizeEmail(input.email) });
  } catch (error) {
    if (error instanceof RateLimited) throw new RateLimited(LINK_LIMITED_MESSAGE, LINK_LIMIT_SECONDS, { cause: error });
    throw error;
  }
}

async function queueLinkIfAllowlisted(
  ctx: Pick<Context, 'db' | 'enqueue' | 'origin'>,
  input: { email: string; purpose: LinkPurpose; next?: string | undefined },
): Promise<void> {
  const { email } = input;
  await assertNotRateLimited(ctx.db, email, ctx.origin.ip);
  const audience = await addressAudience(ctx.db, email);
  if (!audience.allowlisted) {
    // Counted like a failed sign-in (per address and per IP, checked and recorded under a lock), so
    // guessing addresses is as slow as guessing passwords.
    const attemptId = await claimSignInAttempt(ctx.db, email, ctx.origin.ip);
    // An allowlisted address's answer also waits on queueing its email: this write stands in for it,
    // so the answer takes as long either way.
    await confirmSignInAttemptFailed(ctx.db, attemptId);
    return;
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
      throw new RateLimited('Too many links asked for this address.');
    }
    // The audit entry is the count: written before the email is queued.
    await recordEntry(tx, { workspaceId: null, actorUserId: null, actorLabel: email, action: LINK_REQUEST_ACTIONS[input.purpose], ip: ctx.origin.ip });
  });
  await enqueueAuthLink(ctx, { email, purpose: input.purpose, workspaceIds: audience.workspaceIds, nextPath: input.next });
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
