import type { Role } from '@switchboard/core';
import type { Db, TransactionSql } from '../client.ts';


export interface SessionRecord {
  tokenHash: string;
  userId: string;
  email: string;
  workspaceId: string | null;
  workspaceName: string | null;
  workspaceSlug: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  /** The user's role in the session's workspace, null when not (or no longer) a member. */
  role: Role | null;
  userDisabledAt: Date | null;
}

export async function createSession(
  sql: Db,
  input: { tokenHash: string; userId: string; workspaceId: string | null; ip: string | null; userAgent: string | null },
): Promise<void> {
  await sql`
    insert into sessions (token_hash, user_id, workspace_id, ip, user_agent)
    values (${input.tokenHash}, ${input.userId}, ${input.workspaceId}, ${input.ip}, ${input.userAgent})`;
}

export async function findSession(sql: Db, tokenHash: string): Promise<SessionRecord | null> {
  const [row] = await findSessions(sql, [tokenHash]);
  return row ?? null;
}

/** The sessions among `tokenHashes` that still exist, in one query (for re-checking many live sockets). */
export async function findSessions(sql: Db, tokenHashes: readonly string[]): Promise<SessionRecord[]> {
  if (tokenHashes.length === 0) return [];
  return sql<SessionRecord[]>`
    select s.token_hash as "tokenHash", s.user_id as "userId", u.email, s.workspace_id as "workspaceId",
           w.name as "workspaceName", w.slug as "workspaceSlug",
           s.created_at as "createdAt", s.last_seen_at as "lastSeenAt", s.revoked_at as "revokedAt",
           m.role, u.disabled_at as "userDisabledAt"
    from sessions s
    join users u on u.id = s.user_id
    left join workspace_members m on m.user_id = s.user_id and m.workspace_id = s.workspace_id
    left join workspaces w on w.id = s.workspace_id
    where s.token_hash = any(${[...new Set(tokenHashes)]}::text[])`;
}

export async function touchSession(sql: Db, tokenHash: string): Promise<void> {
  await sql`update sessions set last_seen_at = now() where token_hash = ${tokenHash} and revoked_at is null`;
}

export async function switchSessionWorkspace(sql: Db, tokenHash: string, workspaceId: string): Promise<void> {
  await sql`update sessions set workspace_id = ${workspaceId} where token_hash = ${tokenHash} and revoked_at is null`;
}

export async function revokeSession(sql: Db, tokenHash: string): Promise<void> {
  await sql`update sessions set revoked_at = now() where token_hash = ${tokenHash} and revoked_at is null`;
}

/**
 * Serialises changes to one user's sessions until the transaction ends, so parallel sign-ins see each
 * other's sessions. The lock is the user's row, which sign-in, password reset and sign-in time updates
 * take anyway: one lock for all of them, so no two transactions can take them in opposite orders.
 * NO KEY UPDATE, like those updates, so adding a membership (which only key-shares the row) is not held up.
 */
export async function lockUserSessions(tx: TransactionSql, userId: string): Promise<void> {
  await tx`select 1 from users where id = ${userId} for no key update`;
}

/** The user's sessions not yet revoked (live or merely expired), for deciding which to end. */
export async function unrevokedSessionsOfUser(
  sql: Db,
  userId: string,
): Promise<{ tokenHash: string; createdAt: Date; lastSeenAt: Date; revokedAt: Date | null }[]> {
  return sql`
    select token_hash as "tokenHash", created_at as "createdAt", last_seen_at as "lastSeenAt", revoked_at as "revokedAt"
    from sessions
    where user_id = ${userId} and revoked_at is null`;
}

export async function revokeSessions(sql: Db, userId: string, tokenHashes: readonly string[]): Promise<number> {
  if (tokenHashes.length === 0) return 0;
  const result = await sql`
    update sessions set revoked_at = now()
    where user_id = ${userId} and token_hash = any(${[...tokenHashes]}::text[]) and revoked_at is null`;
  return result.count;
}

/** "Sign out everywhere": every live session of the user, this one included; under the user's session lock, as a sign-in is. */
export async function revokeUserSessions(tx: TransactionSql, userId: string): Promise<number> {
  await lockUserSessions(tx, userId);
  const result = await tx`update sessions set revoked_at = now() where user_id = ${userId} and revoked_at is null`;
  return result.count;
}
