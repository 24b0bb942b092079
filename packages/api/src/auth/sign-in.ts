import { checkAttemptLimit, Invalid, normalizeEmail, RateLimited, SIGN_IN_LIMITS } from '@switchboard/core';
import { appendAudit, findUserByEmail, recentSignInFailures, recordSignIn, recordSignInAttempt, type Sql } from '@switchboard/db';
import { admitThroughAllowlist, assertAllowlisted } from './admission.ts';
import { spendVerifyTime, verifyPassword } from './password-hashing.ts';
import type { RequestOrigin } from '../context.ts';
import { startSession } from './sessions.ts';

export const WRONG_CREDENTIALS_MESSAGE = 'Email or password is incorrect.';

export interface SignedIn {
  sessionToken: string;
  userId: string;
  workspaceId: string | null;
}

/** Refuses the attempt when the account or the IP has failed too often recently. */
export async function assertNotRateLimited(sql: Sql, email: string, ip: string | null, now = new Date()): Promise<void> {
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
 * Email + password sign-in: rate limits first, then the allowlist, then the password. Every
 * outcome is recorded (attempts table for limits, audit log for people).
 */
export async function signInWithPassword(
  sql: Sql,
  input: { email: string; password: string } & RequestOrigin,
): Promise<SignedIn> {
  const email = normalizeEmail(input.email);
  await assertNotRateLimited(sql, email, input.ip);
  try {
    await assertAllowlisted(sql, email);
  } catch (error) {
    await recordSignInAttempt(sql, { email, ip: input.ip, succeeded: false });
    throw error;
  }
  const user = await findUserByEmail(sql, email);
  const passwordOk = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : (await spendVerifyTime(input.password), false);
  if (!user || !passwordOk || user.disabledAt) {
    await recordSignInAttempt(sql, { email, ip: input.ip, succeeded: false });
    await appendAudit(sql, {
      workspaceId: null,
      actorUserId: user?.id ?? null,
      actorLabel: email,
      action: 'auth.sign_in_failed',
      summary: { method: 'password' },
      ip: input.ip,
    });
    throw new Invalid(WRONG_CREDENTIALS_MESSAGE);
  }
  return sql.begin(async (tx) => {
    const memberships = await admitThroughAllowlist(tx, user);
    const workspaceId = memberships[0]?.workspaceId ?? null;
    const sessionToken = await startSession(tx, { userId: user.id, workspaceId, ip: input.ip, userAgent: input.userAgent });
    await recordSignInAttempt(tx, { email, ip: input.ip, succeeded: true });
    await recordSignIn(tx, user.id);
    await appendAudit(tx, {
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
