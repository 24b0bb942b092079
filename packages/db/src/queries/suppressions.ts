import type { SuppressionKind, SuppressionSource } from '@switchboard/core';
import type { Db } from '../client.ts';
import { containsPattern } from './like-pattern.ts';
import { estimateRowCount, type RowCount } from './row-count.ts';

export interface Suppression {
  id: string;
  workspaceId: string;
  kind: SuppressionKind;
  value: string;
  source: SuppressionSource;
  reason: string | null;
  sendId: string | null;
  createdAt: Date;
  createdBy: string | null;
  /** The member who added it, when one did. */
  createdByEmail: string | null;
}

export const SUPPRESSION_SORTS = ['newest', 'value'] as const;
export type SuppressionSort = (typeof SUPPRESSION_SORTS)[number];

const COLUMNS = (sql: Db) => sql`
  s.id, s.workspace_id as "workspaceId", s.kind, s.value, s.source, s.reason, s.send_id as "sendId",
  s.created_at as "createdAt", s.created_by as "createdBy", u.email as "createdByEmail"`;


export interface NewSuppression {
  workspaceId: string;
  kind: SuppressionKind;
  value: string;
  source: SuppressionSource;
  reason?: string | null;
  sendId?: string | null;
  createdBy?: string | null;
}

/**
 * Adds an entry, or finds the one already there: suppressing twice changes nothing (the first source,
 * reason and time stay, which is what the list should say). `created` tells which happened.
 */
export async function addSuppression(sql: Db, entry: NewSuppression): Promise<{ suppression: Suppression; created: boolean }> {
  const [inserted]: [{ id: string }?] = await sql`
    insert into suppressions (workspace_id, kind, value, source, reason, send_id, created_by)
    values (${entry.workspaceId}, ${entry.kind}, ${entry.value}, ${entry.source}, ${entry.reason ?? null}, ${entry.sendId ?? null}, ${entry.createdBy ?? null})
    on conflict (workspace_id, kind, value) do nothing
    returning id`;
  // On a conflict the row is another transaction's, committed before ours went on: read it by its key.
  const [row]: [Suppression?] = await sql`
    select ${COLUMNS(sql)} from suppressions s left join users u on u.id = s.created_by
    where s.workspace_id = ${entry.workspaceId} and s.kind = ${entry.kind} and s.value = ${entry.value}`;
  if (!row) throw new Error('Suppression was not saved');
  return { suppression: row, created: inserted !== undefined };
}

/** Removes an entry of this workspace; null when there is no such entry in it. */
export async function removeSuppression(sql: Db, workspaceId: string, id: string): Promise<Suppression | null> {
  const [row]: [Suppression?] = await sql`
    with removed as (delete from suppressions where workspace_id = ${workspaceId} and id = ${id} returning *)
    select ${COLUMNS(sql)} from removed s left join users u on u.id = s.created_by`;
  return row ?? null;
}

/**
 * Which of `emails` this workspace must not email: each is suppressed by an entry for the exact address
 * or for its domain (not a parent domain). One round trip for a whole batch of recipients; every probe
 * is an equality lookup on an index led by workspace_id and value. Returns lower-cased addresses.
 */
export async function suppressedAddresses(sql: Db, workspaceId: string, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await sql<{ email: string }[]>`
    with recipients as (
      select distinct lower(trim(email)) as email from unnest(${[...emails]}::text[]) as email
    )
    select r.email from recipients r
    where exists (
      select 1 from suppressions s
      where s.workspace_id = ${workspaceId}
        and ((s.kind = 'email' and s.value = r.email)
          or (s.kind = 'domain' and s.value = substring(r.email from '@([^@]*)$')))
    )`;
  return new Set(rows.map((row) => row.email));
}

export interface SuppressionListQuery {
  workspaceId: string;
  /** Part of an address or domain. */
  search?: string;
  source?: SuppressionSource;
  sort: SuppressionSort;
  /** The last entry's id on the previous page. */
  after?: string;
  limit: number;
}

/** One page of the list, ordered by `sort` and paged by keyset (the cursor is the previous page's last id). */
export async function listSuppressions(sql: Db, query: SuppressionListQuery): Promise<Suppression[]> {
  const filters = sql`
    s.workspace_id = ${query.workspaceId}
    ${query.search ? sql`and s.value ilike ${containsPattern(query.search.toLowerCase())}` : sql``}
    ${query.source ? sql`and s.source = ${query.source}` : sql``}`;
  // The sort is one of two fixed orders, never text from the request.
  if (query.sort === 'value') {
    return sql<Suppression[]>`
      select ${COLUMNS(sql)} from suppressions s left join users u on u.id = s.created_by
      where ${filters}
      ${query.after ? sql`and (s.value, s.id) > (select c.value, c.id from suppressions c where c.workspace_id = ${query.workspaceId} and c.id = ${query.after})` : sql``}
      order by s.value, s.id
      limit ${query.limit}`;
  }
  return sql<Suppression[]>`
    select ${COLUMNS(sql)} from suppressions s left join users u on u.id = s.created_by
    where ${filters} ${query.after ? sql`and s.id < ${query.after}` : sql``}
    order by s.id desc
    limit ${query.limit}`;
}

/** Up to this many entries are counted exactly; past it the list's size is the planner's estimate. */
export const EXACT_SUPPRESSION_COUNT_UP_TO = 1_000;

/** The list's size for its heading, without counting every entry on each load (see estimateRowCount). */
export function estimateSuppressionCount(sql: Db, workspaceId: string): Promise<RowCount> {
  return estimateRowCount(sql, sql`select 1 from suppressions where workspace_id = ${workspaceId}`, EXACT_SUPPRESSION_COUNT_UP_TO);
}

/**
 * Adds many entries in one statement (a file's worth); entries already on the list are left as they
 * are. Returns how many were new.
 */
export async function importSuppressions(
  sql: Db,
  input: { workspaceId: string; source: SuppressionSource; createdBy: string | null; entries: readonly { kind: SuppressionKind; value: string; reason: string | null }[] },
): Promise<{ added: number }> {
  if (input.entries.length === 0) return { added: 0 };
  const [row]: [{ added: number }?] = await sql`
    with added as (
      insert into suppressions (workspace_id, kind, value, source, reason, created_by)
      select ${input.workspaceId}, entry.kind, entry.value, ${input.source}, nullif(entry.reason, ''), ${input.createdBy}
      from unnest(
        ${input.entries.map((entry) => entry.kind)}::text[],
        ${input.entries.map((entry) => entry.value)}::text[],
        ${input.entries.map((entry) => entry.reason ?? '')}::text[]
      ) as entry (kind, value, reason)
      on conflict (workspace_id, kind, value) do nothing
      returning 1
    )
    select count(*)::int as added from added`;
  return { added: row?.added ?? 0 };
}
