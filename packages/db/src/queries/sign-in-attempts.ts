import { normalizeEmail } from '@switchboard/core';
import type { Sql, TransactionSql } from '../client.ts';

type Db = Sql | TransactionSql;

export async function recordSignInAttempt(sql: Db, input: { email: string; ip: string | null; succeeded: boolean }): Promise<void> {
  await sql`
    insert into sign_in_attempts (email, ip, succeeded) values (${normalizeEmail(input.email)}, ${input.ip}, ${input.succeeded})`;
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
