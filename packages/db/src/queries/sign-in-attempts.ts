import { normalizeEmail } from '@switchboard/core';
import type { TransactionSql, Db } from '../client.ts';
import { lockForTransaction } from './advisory-locks.ts';


/** Records an attempt and returns its id; a pending attempt is recorded as failed until proven right. */
export async function recordSignInAttempt(sql: Db, input: { email: string; ip: string | null; succeeded: boolean }): Promise<string> {
  const [row]: [{ id: string }?] = await sql`
    insert into sign_in_attempts (email, ip, succeeded) values (${normalizeEmail(input.email)}, ${input.ip}, ${input.succeeded})
    returning id::text`;
  if (!row) throw new Error('Sign-in attempt was not recorded');
  return row.id;
}

export async function markSignInAttemptSucceeded(sql: Db, attemptId: string): Promise<void> {
  await sql`update sign_in_attempts set succeeded = true where id = ${attemptId}::bigint`;
}

/**
 * Marks an attempt failed once its check is done. It was counted as failed when claimed, so this changes
 * nothing the limits read: it is the write a refused attempt waits on (see the callers for why).
 */
export async function confirmSignInAttemptFailed(sql: Db, attemptId: string): Promise<void> {
  await sql`update sign_in_attempts set succeeded = false where id = ${attemptId}::bigint`;
}

/** Forgets an attempt that never reached a password check (the server was too busy to make one). */
export async function forgetSignInAttempt(sql: Db, attemptId: string): Promise<void> {
  await sql`delete from sign_in_attempts where id = ${attemptId}::bigint`;
}

/**
 * Serialises limit checks for one address and one IP until the transaction ends. Always the address
 * first, then the IP, so two transactions never wait on each other in a cycle.
 */
export async function lockSignInAttempts(tx: TransactionSql, input: { email: string; ip: string | null }): Promise<void> {
  await lockForTransaction(tx, `sign-in.email:${normalizeEmail(input.email)}`);
  if (input.ip) await lockForTransaction(tx, `sign-in.ip:${input.ip}`);
}

/** Times of failed attempts within the window, for the account and for the IP. */
export async function recentSignInFailures(
  sql: Db,
  input: { email: string; ip: string | null; windowMs: number },
): Promise<{ byAccount: Date[]; byIp: Date[] }> {
  const since = sql`now() - make_interval(secs => ${input.windowMs / 1000})`;
  const byAccount = await sql<{ at: Date }[]>`
    select attempted_at as at from sign_in_attempts
    where email = ${normalizeEmail(input.email)} and not succeeded and attempted_at > ${since}`;
  const byIp = input.ip
    ? await sql<{ at: Date }[]>`
        select attempted_at as at from sign_in_attempts where ip = ${input.ip} and not succeeded and attempted_at > ${since}`
    : [];
  return { byAccount: byAccount.map((row) => row.at), byIp: byIp.map((row) => row.at) };
}
