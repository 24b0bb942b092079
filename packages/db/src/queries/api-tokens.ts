import type { Role } from '@switchboard/core';
import type { Db, TransactionSql } from '../client.ts';
import { lockForTransaction } from './advisory-locks.ts';


export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdByEmail: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export async function createApiToken(
  sql: Db,
  input: { tokenHash: string; userId: string; workspaceId: string; name: string; role: Role; expiresAt: Date | null },
): Promise<string> {
  const [row]: [{ id: string }?] = await sql`
    insert into api_tokens (token_hash, user_id, workspace_id, name, role, expires_at)
    values (${input.tokenHash}, ${input.userId}, ${input.workspaceId}, ${input.name}, ${input.role}, ${input.expiresAt})
    returning id`;
  if (!row) throw new Error('API token was not saved');
  return row.id;
}

/**
 * How many live (unrevoked, unexpired) tokens this person has in the workspace, counted under a lock on
 * them held to the commit: a create that checks this count and inserts in the same transaction cannot
 * race another.
 */
export async function lockAndCountLiveApiTokens(tx: TransactionSql, input: { workspaceId: string; userId: string }): Promise<number> {
  await lockForTransaction(tx, `api-tokens:${input.workspaceId}:${input.userId}`);
  const [row]: [{ count: number }?] = await tx`
    select count(*)::int as count from api_tokens
    where workspace_id = ${input.workspaceId} and user_id = ${input.userId}
      and revoked_at is null and (expires_at is null or expires_at > now())`;
  return row?.count ?? 0;
}

export async function listApiTokens(sql: Db, workspaceId: string): Promise<ApiToken[]> {
  return sql<ApiToken[]>`
    select t.id, t.name, t.role, u.email as "createdByEmail", t.expires_at as "expiresAt", t.last_used_at as "lastUsedAt",
           t.created_at as "createdAt", t.revoked_at as "revokedAt"
    from api_tokens t join users u on u.id = t.user_id
    where t.workspace_id = ${workspaceId}
    order by t.created_at desc`;
}

export async function revokeApiToken(sql: Db, workspaceId: string, id: string): Promise<{ name: string } | null> {
  const [row]: [{ name: string }?] = await sql`
    update api_tokens set revoked_at = coalesce(revoked_at, now())
    where workspace_id = ${workspaceId} and id = ${id}
    returning name`;
  return row ?? null;
}

export interface ApiTokenGrant {
  tokenId: string;
  name: string;
  userId: string;
  email: string;
  workspaceId: string;
  workspaceName: string;
  workspaceSlug: string;
  tokenRole: Role;
  /** The creator's current role: a token never outranks the person who made it. */
  memberRole: Role | null;
  lastUsedAt: Date | null;
}

/** A live token (not revoked, not expired, creator not disabled) by its hash. */
export async function findApiTokenGrant(sql: Db, tokenHash: string): Promise<ApiTokenGrant | null> {
  const [row]: [ApiTokenGrant?] = await sql`
    select t.id as "tokenId", t.name, t.user_id as "userId", u.email, t.workspace_id as "workspaceId",
           w.name as "workspaceName", w.slug as "workspaceSlug", t.role as "tokenRole", m.role as "memberRole",
           t.last_used_at as "lastUsedAt"
    from api_tokens t
    join users u on u.id = t.user_id and u.disabled_at is null
    join workspaces w on w.id = t.workspace_id
    left join workspace_members m on m.workspace_id = t.workspace_id and m.user_id = t.user_id
    where t.token_hash = ${tokenHash} and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())`;
  return row ?? null;
}

export async function touchApiToken(sql: Db, tokenId: string): Promise<void> {
  await sql`update api_tokens set last_used_at = now() where id = ${tokenId}`;
}
