import { normalizeEmail, type Role } from '@switchboard/core';
import type { TransactionSql, Db } from '../client.ts';


export interface Member {
  userId: string;
  email: string;
  role: Role;
  joinedAt: Date;
  lastSignInAt: Date | null;
}

export async function listMembers(sql: Db, workspaceId: string): Promise<Member[]> {
  return sql<Member[]>`
    select m.user_id as "userId", u.email, m.role, m.created_at as "joinedAt", u.last_sign_in_at as "lastSignInAt"
    from workspace_members m join users u on u.id = m.user_id
    where m.workspace_id = ${workspaceId}
    order by u.email`;
}

/** Locks the workspace's admin rows, so two admins demoting each other cannot leave none. */
export async function countAdminsForUpdate(tx: TransactionSql, workspaceId: string): Promise<number> {
  const rows = await tx`select user_id from workspace_members where workspace_id = ${workspaceId} and role = 'admin' for update`;
  return rows.length;
}

/**
 * The workspaces the account with this address is a member of, none when there is no such account. Read by
 * address in one statement, so it costs the same whether or not the account exists.
 */
export async function memberWorkspaceIdsByEmail(sql: Db, email: string): Promise<string[]> {
  const rows = await sql<{ workspaceId: string }[]>`
    select m.workspace_id as "workspaceId" from workspace_members m join users u on u.id = m.user_id
    where u.email = ${normalizeEmail(email)}`;
  return rows.map((row) => row.workspaceId);
}

export async function findMember(sql: Db, workspaceId: string, userId: string): Promise<Member | null> {
  const [row]: [Member?] = await sql`
    select m.user_id as "userId", u.email, m.role, m.created_at as "joinedAt", u.last_sign_in_at as "lastSignInAt"
    from workspace_members m join users u on u.id = m.user_id
    where m.workspace_id = ${workspaceId} and m.user_id = ${userId}`;
  return row ?? null;
}

export async function setMemberRole(sql: Db, workspaceId: string, userId: string, role: Role): Promise<void> {
  await sql`update workspace_members set role = ${role} where workspace_id = ${workspaceId} and user_id = ${userId}`;
}

export async function removeMember(sql: Db, workspaceId: string, userId: string): Promise<void> {
  await sql`delete from workspace_members where workspace_id = ${workspaceId} and user_id = ${userId}`;
}
