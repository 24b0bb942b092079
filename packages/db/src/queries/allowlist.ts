import { emailDomain, normalizeEmail, type AllowlistEntry, type AllowlistKind, type Role } from '@switchboard/core';
import type { Db, TransactionSql } from '../client.ts';
import { lockForTransaction } from './advisory-locks.ts';


export interface StoredAllowlistEntry extends AllowlistEntry {
  id: string;
  createdAt: Date;
}

const COLUMNS = (sql: Db) => sql`id, workspace_id as "workspaceId", kind, value, role, created_at as "createdAt"`;

/** Entries across all workspaces that could admit this address: the address itself or its domain. */
export async function allowlistEntriesFor(sql: Db, email: string): Promise<StoredAllowlistEntry[]> {
  const address = normalizeEmail(email);
  return sql<StoredAllowlistEntry[]>`
    select ${COLUMNS(sql)} from allowlist_entries
    where (kind = 'email' and value = ${address}) or (kind = 'domain' and value = ${emailDomain(address)})`;
}

export async function listAllowlist(sql: Db, workspaceId: string): Promise<StoredAllowlistEntry[]> {
  return sql<StoredAllowlistEntry[]>`
    select ${COLUMNS(sql)} from allowlist_entries where workspace_id = ${workspaceId} order by kind, value`;
}

/**
 * The workspace's allowlist entries other than `except` (adding it again only changes its role), counted
 * under a lock on the workspace's allowlist held to the commit, so an add that checks this count and
 * inserts in the same transaction cannot race another.
 */
export async function lockAndCountAllowlistEntries(
  tx: TransactionSql,
  workspaceId: string,
  except: { kind: AllowlistKind; value: string },
): Promise<number> {
  await lockForTransaction(tx, `allowlist-count:${workspaceId}`);
  const [row]: [{ count: number }?] = await tx`
    select count(*)::int as count from allowlist_entries
    where workspace_id = ${workspaceId} and not (kind = ${except.kind} and value = ${except.value})`;
  return row?.count ?? 0;
}

export async function addAllowlistEntry(
  sql: Db,
  input: { workspaceId: string; kind: AllowlistKind; value: string; role: Role; createdBy: string | null },
): Promise<StoredAllowlistEntry> {
  const [row]: [StoredAllowlistEntry?] = await sql`
    insert into allowlist_entries (workspace_id, kind, value, role, created_by)
    values (${input.workspaceId}, ${input.kind}, ${input.value}, ${input.role}, ${input.createdBy})
    on conflict (workspace_id, kind, value) do update set role = excluded.role
    returning ${COLUMNS(sql)}`;
  if (!row) throw new Error('Allowlist entry was not saved');
  return row;
}

/** Removes an entry of this workspace; returns what was removed, or null when it is not this workspace's. */
export async function removeAllowlistEntry(sql: Db, workspaceId: string, id: string): Promise<StoredAllowlistEntry | null> {
  const [row]: [StoredAllowlistEntry?] = await sql`
    delete from allowlist_entries where workspace_id = ${workspaceId} and id = ${id}
    returning ${COLUMNS(sql)}`;
  return row ?? null;
}
