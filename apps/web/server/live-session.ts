import { resolveSession, SESSION_COOKIE } from '@switchboard/api';
import type { Sql } from '@switchboard/db';
import { parse } from 'cookie';

/** The signed-in member a live connection's cookie names (the page's session cookie), or null. */
export async function signedInSession(sql: Sql, cookieHeader: string | undefined): Promise<{ userId: string; tokenHash: string } | null> {
  const token = cookieHeader ? parse(cookieHeader)[SESSION_COOKIE] : undefined;
  const session = token ? await resolveSession(sql, token) : null;
  return session?.user ? { userId: session.user.id, tokenHash: session.tokenHash } : null;
}
