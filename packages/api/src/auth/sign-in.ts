import { checkAttemptLimit, Invalid, normalizeEmail, RateLimited, SIGN_IN_LIMITS, type Logger } from '@switchboard/core';
import {
  confirmSignInAttemptFailed,
  findUserByEmail,
  forgetSignInAttempt,
  lockSignInAttempts,
  markSignInAttemptSucceeded,
  recentSignInFailures,
  recordSignIn,
  recordSignInAttempt,
  type Sql,
  type TransactionSql,
} from '@switchboard/db';
import { addressAudience, admitThroughAllowlist, assertAllowlisted } from './admission.ts';
import { spendVerifyTime, verifyPassword } from './password-hashing.ts';
import type { RequestOrigin } from '../context.ts';
import { startSession } from './sessions.ts';
import { recordEntry, recordEntryInEach } from '../audit/record.ts';

export const WRONG_CREDENTIALS_MESSAGE = 'Email or password is incorrect.';

export interface SignedIn {
  sessionToken: string;
  userId: string;
  workspaceId: string | null;
}

/** Refuses the attempt when the account or the IP has failed too often recently. */
export async function assertNotRateLimited(sql: Sql | TransactionSql, email: string, ip: string | null, now = new Date()): Promise<void> {
  const windowMs = Math.max(SIGN_IN_LIMITS.perAccount.windowMs, SIGN_IN_LIMITS.perIp.windowMs);
  const failures = await recentSignInFailures(sql, { email, ip, windowMs });
  const decisions = [
    checkAttemptLimit(failures.byAccount, now, SIGN_IN_LIMITS.perAccount),
    checkAttemptLimit(failures.byIp, now, SIGN_IN_LIMITS.perIp),
  ].filter((decision) => decision.limited);
  if (decisions.length === 0) return;
  const retryAfterSeconds = Math.ceil(Math.max(...decisions.map((decision) => decision.retryAfterMs)) / 1000);
  const minutes = Math.ceil(retryAfterSeconds / 60);
  throw new RateLimited(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, retryAfterSeconds);
}

/**
 * Checks the limits and counts this attempt as a failure in one locked transaction, before any
 * password is verified: however many attempts arrive at once, at most the limit get past here.
 * Returns the attempt's id, to be marked succeeded if the password proves right.
 */
export async function claimSignInAttempt(sql: Sql, email: string, ip: string | null): Promise<string> {
  return sql.begin(async (tx) => {
    await lockSignInAttempts(tx, { email, ip });
    await assertNotRateLimited(tx, email, ip);
    return recordSignInAttempt(tx, { email, ip, succeeded: false });
  });
}

/** Verifies the password, or spends the same time when there is none; a busy refusal un-counts the attempt. */
async function checkPassword(sql: Sql, attemptId: string, passwordHash: string | null | undefined, password: string): Promise<boolean> {
  try {
    return passwordHash ? await verifyPassword(passwordHash, password) : (await spendVerifyTime(password), false);
  } catch (error) {
    // Refused before any verification (too many hashes waiting): it was no guess, so it does not count.
    if (error instanceof RateLimited) await forgetSignInAttempt(sql, attemptId);
    throw error;
  }
}

/**
 * A failed password sign-in. An address an allowlist names gets an audit entry in each workspace
 * signing in as it would open (those whose allowlist names it, those its account is a member of), so
 * their admins see it and no other workspace's do. Anyone else's attempt is already counted by the
 * limits (its attempt row), so it is one log line, without the password, instead: strangers cannot
 * grow the audit log. Both await the same two reads and one write (the entries in one statement, or the
 * stranger's attempt row), so the answer takes as long and does not tell who may sign in.
 */
async function recordFailedSignIn(sql: Sql, log: Logger, failure: { email: string; userId: string | null; attemptId: string; ip: string | null }): Promise<void> {
  const { email, ip } = failure;
  const audience = await addressAudience(sql, email);
  if (audience.allowlisted) {
    await recordEntryInEach(sql, audience.workspaceIds, { actorUserId: failure.userId, actorLabel: email, action: 'auth.sign_in_failed', summary: { method: 'password' }, ip });
    return;
  }
  // The domain, not the address: enough to see a pattern, and the limits keep the address for their window.
  log.info({ action: 'auth.sign_in_failed', method: 'password', emailDomain: email.slice(email.lastIndexOf('@') + 1), ip }, 'sign-in failed for an address no allowlist names');
  await confirmSignInAttemptFailed(sql, failure.attemptId);
}

/**
 * Email + password sign-in: the attempt is counted against the limits first, then the password,
 * then the allowlist. Every outcome is recorded (attempts table for limits, audit log for people
 * an allowlist names, the log for others). The allowlist refuses only once the password proved
 * right: before that, an address it does not name fails like a wrong password, after the same work,
 * so the answer does not tell who may sign in.
 */
export async function signInWithPassword(
  sql: Sql,
  input: { email: string; password: string } & RequestOrigin,
  log: Logger,
): Promise<SignedIn> {
  const email = normalizeEmail(input.email);
  const attemptId = await claimSignInAttempt(sql, email, input.ip);
  const user = await findUserByEmail(sql, email);
  const passwordOk = await checkPassword(sql, attemptId, user?.passwordHash, input.password);
  if (!user || !passwordOk || user.disabledAt) {
    await recordFailedSignIn(sql, log, { email, userId: user?.id ?? null, attemptId, ip: input.ip });
    throw new Invalid(WRONG_CREDENTIALS_MESSAGE);
  }
  // Someone taken off the allowlist, who proved who they are, is told why.
  await assertAllowlisted(sql, email);
  return sql.begin(async (tx) => {
    const memberships = await admitThroughAllowlist(tx, user);
    const workspaceId = memberships[0]?.workspaceId ?? null;
    const sessionToken = await startSession(tx, { userId: user.id, workspaceId, ip: input.ip, userAgent: input.userAgent });
    await markSignInAttemptSucceeded(tx, attemptId);
    await recordSignIn(tx, user.id);
    await recordEntry(tx, {
      workspaceId,
      actorUserId: user.id,
      actorLabel: email,
      action: 'auth.sign_in',
      summary: { method: 'password' },
      ip: input.ip,
    });
    return { sessionToken, userId: user.id, workspaceId };
  });
}
