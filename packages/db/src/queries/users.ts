import { normalizeEmail, type Role } from '@switchboard/core';
import type { Db } from '../client.ts';


export interface User {
  id: string;
  email: string;
  name: string | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  disabledAt: Date | null;
}

export interface UserWithPassword extends User {
  passwordHash: string | null;
}

const USER_COLUMNS = (sql: Db) =>
  sql`id, email, name, created_at as "createdAt", last_sign_in_at as "lastSignInAt", disabled_at as "disabledAt"`;

export async function findUserByEmail(sql: Db, email: string): Promise<UserWithPassword | null> {
  const [row]: [UserWithPassword?] = await sql`
    select ${USER_COLUMNS(sql)}, password_hash as "passwordHash" from users where email = ${normalizeEmail(email)}`;
  return row ?? null;
}

export async function findUserById(sql: Db, id: string): Promise<User | null> {
  const [row]: [User?] = await sql`select ${USER_COLUMNS(sql)} from users where id = ${id}`;
  return row ?? null;
}

/** Creates the user, or returns the existing one with that email (sign-up races are harmless). */
export async function upsertUser(sql: Db, input: { email: string; name?: string | null }): Promise<User> {
  const [row]: [User?] = await sql`
    insert into users (email, name) values (${normalizeEmail(input.email)}, ${input.name ?? null})
    on conflict (email) do update set name = coalesce(users.name, excluded.name)
    returning ${USER_COLUMNS(sql)}`;
  if (!row) throw new Error('User was not saved');
  return row;
}

export async function setPasswordHash(sql: Db, userId: string, passwordHash: string): Promise<void> {
  await sql`update users set password_hash = ${passwordHash} where id = ${userId}`;
}

export async function recordSignIn(sql: Db, userId: string): Promise<void> {
  await sql`update users set last_sign_in_at = now() where id = ${userId}`;
}

export interface Membership {
  workspaceId: string;
  workspaceName: string;
  workspaceSlug: string;
  role: Role;
}

export async function listMemberships(sql: Db, userId: string): Promise<Membership[]> {
  return sql<Membership[]>`
    select m.workspace_id as "workspaceId", w.name as "workspaceName", w.slug as "workspaceSlug", m.role
    from workspace_members m join workspaces w on w.id = m.workspace_id
    where m.user_id = ${userId}
    order by w.name`;
}

export async function addMember(sql: Db, input: { workspaceId: string; userId: string; role: Role }): Promise<boolean> {
  const result = await sql`
    insert into workspace_members (workspace_id, user_id, role) values (${input.workspaceId}, ${input.userId}, ${input.role})
    on conflict (workspace_id, user_id) do nothing`;
  return result.count === 1;
}

/** Whether the user owns the installation (and so may change its installation-wide settings). */
export async function isInstanceOwner(sql: Db, userId: string): Promise<boolean> {
  const [row]: [{ isOwner: boolean }?] = await sql`
    select is_owner as "isOwner" from users where id = ${userId} and disabled_at is null`;
  return row?.isOwner ?? false;
}

/**
 * The owners' emails, oldest account first: who an admin asks to change an installation-wide setting.
 * With a workspace, only the owners who are members of it: another tenant's address is not theirs to see.
 */
export async function listInstanceOwnerEmails(sql: Db, workspaceId?: string): Promise<string[]> {
  const rows = await sql<{ email: string }[]>`
    select email from users
    where is_owner and disabled_at is null
      ${workspaceId ? sql`and exists (select 1 from workspace_members m where m.user_id = users.id and m.workspace_id = ${workspaceId})` : sql``}
    order by created_at, id`;
  return rows.map((row) => row.email);
}

/**
 * Makes the user an owner when `always` is set, or when nobody owns the installation yet (the first
 * admin ever created). Returns whether the user is an owner afterwards.
 */
export async function claimInstanceOwnership(sql: Db, userId: string, always: boolean): Promise<boolean> {
  await sql`
    update users set is_owner = true
    where id = ${userId}
      and (${always} or not exists (select 1 from users where is_owner and disabled_at is null))`;
  return isInstanceOwner(sql, userId);
}
