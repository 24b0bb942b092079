import {
  Invalid,
  LEAD_STATUSES,
  leadEventTarget,
  leadStatusesAllowing,
  type LeadConfidence,
  type LeadEvent,
  type LeadFields,
  type LeadSourceKind,
  type LeadStatus,
  type RejectReason,
  type ScoreReason,
} from '@switchboard/core';
import type postgres from 'postgres';
import { inTransaction, type Db } from '../client.ts';
import { containsPattern } from './like-pattern.ts';
import { plannedRowCounts } from './row-count.ts';

type Fragment = postgres.Fragment;

export interface LeadRow extends LeadFields {
  id: string;
  workspaceId: string;
  campaignId: string | null;
  domain: string | null;
  status: LeadStatus;
  score: number;
  scoreReasons: ScoreReason[];
  confidence: LeadConfidence;
  rejectReason: RejectReason | null;
  /** The lead's contact addresses, first found first. */
  emails: string[];
  /** Another lead this one may be (they share only a phone or an address), for review to decide. */
  possibleDuplicateOf: PossibleDuplicateOf | null;
  statusChangedAt: Date | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  updatedAt: Date;
}

export interface PossibleDuplicateOf {
  id: string;
  name: string;
  /** The values the two leads share; they stay with the other lead, which owns them as keys. */
  evidence: { phone?: string; emails?: string[] };
}

export interface LeadContact {
  id: string;
  email: string | null;
  name: string | null;
  role: string | null;
  phone: string | null;
  sourcePage: string | null;
  createdAt: Date;
}

export interface LeadSource {
  id: string;
  kind: LeadSourceKind;
  ref: string;
  evidence: Record<string, unknown>;
  runId: string | null;
  foundAt: Date;
}

export interface LeadDetail extends LeadRow {
  /** The first LEAD_DETAIL_LIST_MAX contacts, in the order they were found; contactCount says how many there are. */
  contacts: LeadContact[];
  contactCount: number;
  /** The first LEAD_DETAIL_LIST_MAX sources, in the order they were found; sourceCount says how many there are. */
  sources: LeadSource[];
  sourceCount: number;
}

/** A lead found again by every search for weeks has thousands of sources: its page shows the first ones. */
export const LEAD_DETAIL_LIST_MAX = 50;

/** Which leads: the same filter drives the table, the review queue, bulk actions and the export. */
export interface LeadFilter {
  campaignId?: string;
  status?: LeadStatus[];
  minScore?: number;
  maxScore?: number;
  city?: string;
  category?: string;
  /** Name, domain or phone contains this. */
  search?: string;
  confidence?: LeadConfidence;
  ids?: string[];
}

export const LEAD_SORTS = ['score_desc', 'newest', 'name'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export interface LeadPage {
  sort: LeadSort;
  limit: number;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
}

const LEAD_COLUMNS = (sql: Db) => sql`
  l.id, l.workspace_id as "workspaceId", l.campaign_id as "campaignId", l.name, l.domain, l.website, l.address,
  l.city, l.region, l.country, l.lat, l.lng, l.phone, l.category, l.rating::float8 as rating,
  l.review_count as "reviewCount", l.description, l.social_links as "socialLinks",
  l.has_contact_form as "hasContactForm", l.website_reachable as "websiteReachable", l.status, l.score,
  l.score_reasons as "scoreReasons", l.confidence, l.reject_reason as "rejectReason",
  coalesce((select array_agg(c.email order by c.created_at, c.email) from lead_contacts c
            where c.lead_id = l.id and c.email is not null), '{}') as emails,
  (select json_build_object('id', d.id, 'name', d.name, 'evidence', coalesce(l.possible_duplicate_evidence, '{}'))
   from leads d where d.id = l.possible_duplicate_of and d.workspace_id = l.workspace_id) as "possibleDuplicateOf",
  l.status_changed_at as "statusChangedAt", l.first_seen_at as "firstSeenAt", l.last_seen_at as "lastSeenAt",
  l.updated_at as "updatedAt"`;

/**
 * The filter as SQL conditions on `l` (a leads row), always scoped to the workspace. `searchIndexPart`
 * (from weighSearch) is the part of the search the trigram index is asked for; the whole search when
 * omitted.
 */
export function filterConditions(sql: Db, workspaceId: string, filter: LeadFilter, searchIndexPart?: string) {
  const search = filter.search?.trim();
  return sql`
    l.workspace_id = ${workspaceId}
    ${filter.campaignId ? sql`and l.campaign_id = ${filter.campaignId}` : sql``}
    ${filter.status && filter.status.length > 0 ? sql`and l.status = any(${filter.status})` : sql``}
    ${filter.minScore !== undefined ? sql`and l.score >= ${filter.minScore}` : sql``}
    ${filter.maxScore !== undefined ? sql`and l.score <= ${filter.maxScore}` : sql``}
    ${filter.city?.trim() ? sql`and lower(l.city) = lower(${filter.city.trim()})` : sql``}
    ${filter.category?.trim() ? sql`and lower(l.category) = lower(${filter.category.trim()})` : sql``}
    ${filter.confidence ? sql`and l.confidence = ${filter.confidence}` : sql``}
    ${filter.ids ? sql`and l.id = any(${filter.ids}::uuid[])` : sql``}
    ${search ? sql`and ${searchConditions(sql, search, searchIndexPart ?? search)}` : sql``}`;
}

/**
 * "Name, domain or phone contains `search`" over `l`, which needs only those three columns. The column
 * conditions decide; the one on SEARCH_TEXT containing `indexPart` (a part of the search, so a
 * superset of them) lets the trigram index find candidates. A walk passes `loweredText`, SEARCH_TEXT
 * lower-cased as the sort indexes hold it (`l.search_text`, see pageOfLeads): tested first, and with
 * `like`, it spares the leads that do not match the case-folding `ilike` does on each row it tests
 * (`ilike` is `like` on both sides lower-cased).
 */
function searchConditions(sql: Db, search: string, indexPart: string = search, loweredText?: Fragment): Fragment {
  const digits = search.replace(/\D/g, '');
  const text = loweredText ?? SEARCH_TEXT(sql);
  return sql`(${loweredText ? sql`${text} like lower(${containsPattern(indexPart)})` : sql`${text} ilike ${containsPattern(indexPart)}`}
              ${digits.length >= 3 ? sql`or ${text} like ${containsPattern(digits)}` : sql``})
         and (l.name ilike ${containsPattern(search)} or l.domain ilike ${containsPattern(search)}
              ${digits.length >= 3 ? sql`or l.phone like ${containsPattern(digits)}` : sql``})`;
}

/** A word of a search as the trigram index splits text: letters and digits. */
const SEARCH_WORD = /[\p{L}\p{N}]+/gu;
/** Words of a search weighed by weighSearch; a longer search is asked for whole. */
const SEARCH_PARTS_WEIGHED = 4;
/** A part the planner expects in at most this many leads is read from the index instead of the whole search. */
const RARE_SEARCH_PART_ROWS = 5_000;

export interface SearchWeight {
  /** The part of the search to ask the trigram index for (see filterConditions). */
  indexPart: string;
  /**
   * The share of leads the planner expects the search in (table-wide, from the statistics of the text
   * the trigram index holds, which ANALYZE samples like a column).
   */
  share: number;
  /** How many leads (table-wide, every workspace's) the trigram index is expected to give for the whole search. */
  rows: number;
}

/**
 * How common a search is, and the part of it to ask the trigram index for. The index intersects the
 * leads holding each of the search's trigrams, and reads every one of those lists whole: for
 * "business-4242." it reads the million-long lists of "bus", "usi" … to find the few leads with
 * "4242", ~100 ms at 1,000,000 leads. So a search of several words asks for its rarest word alone
 * (with the characters around it, which the index also holds) when the planner expects it in few
 * leads; the column conditions beside it still decide which leads match. One EXPLAIN (no rows read;
 * the estimates come from the search expression's statistics).
 */
export async function weighSearch(sql: Db, search: string): Promise<SearchWeight> {
  const containing = (text: string, digits = '') =>
    sql`select 1 from leads l where ${SEARCH_TEXT(sql)} ilike ${containsPattern(text)}
        ${digits.length >= 3 ? sql`or ${SEARCH_TEXT(sql)} like ${containsPattern(digits)}` : sql``}`;
  const words = [...search.matchAll(SEARCH_WORD)].filter((word) => word[0].length >= 3).slice(0, SEARCH_PARTS_WEIGHED);
  const parts = words.length < 2 ? [] : words.map((word) => search.slice(Math.max(0, word.index - 1), word.index + word[0].length + 1));
  // One EXPLAIN for every estimate: the planner's rows for each arm of a union.
  const arms = [sql`select 1 from leads l`, containing(search, search.replace(/\D/g, '')), ...parts.map((part) => containing(part))];
  const [total = 1, matching = 0, ...partRows] = await plannedRowCounts(sql, arms);
  const share = Math.min(1, matching / Math.max(1, total));
  let best: { part: string; rows: number } | null = null;
  for (const [index, part] of parts.entries()) {
    const rows = partRows[index] ?? Infinity;
    if (!best || rows < best.rows || (rows === best.rows && part.length > best.part.length)) best = { part, rows };
  }
  return { indexPart: best && best.rows <= RARE_SEARCH_PART_ROWS ? best.part : search, share, rows: matching };
}

// The expression leads_search_trgm_idx holds (migration 0032): the condition on it finds candidates
// from the index, a superset of the column conditions beside it, which decide.
const SEARCH_TEXT = (sql: Db) => sql`(l.name || ' ' || coalesce(l.domain, '') || ' ' || coalesce(l.phone, ''))`;

// Each sort is a keyset: the sort value plus id, so paging is stable while leads are added. A cursor
// comes back from the browser, so `valid` checks its value before the query casts it. `value` is the
// sort value over `l`; a page read status by status merges the statuses on it (see pageOfLeads).
const SORTS: Record<
  LeadSort,
  {
    key: (sql: Db) => Fragment;
    value: (sql: Db) => Fragment;
    descending: boolean;
    after: (sql: Db, value: string, id: string) => Fragment;
    valid: (value: string) => boolean;
  }
> = {
  score_desc: {
    key: (sql) => sql`l.score::text`,
    value: (sql) => sql`l.score`,
    descending: true,
    after: (sql, value, id) => sql`(l.score, l.id) < (${Number(value)}::int, ${id}::uuid)`,
    valid: (value) => /^\d{1,3}$/.test(value),
  },
  newest: {
    // UTC ISO text keeps microseconds (a JS Date would round them away) whatever the session's DateStyle.
    key: (sql) => sql`to_char(l.first_seen_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    value: (sql) => sql`l.first_seen_at`,
    descending: true,
    after: (sql, value, id) => sql`(l.first_seen_at, l.id) < (${value}::timestamptz, ${id}::uuid)`,
    valid: isCursorTimestamp,
  },
  name: {
    key: (sql) => sql`lower(l.name)`,
    value: (sql) => sql`lower(l.name)`,
    descending: false,
    after: (sql, value, id) => sql`(lower(l.name), l.id) > (${value}, ${id}::uuid)`,
    valid: (value) => value.length <= 1000 && !value.includes('\u0000'),
  },
};

/** `value, id` in the sort's direction, over `l` or over a page's (or walk's) `sort_value` and `id`. */
function sortOrder(sql: Db, sort: (typeof SORTS)[LeadSort], over: 'lead' | 'page' | 'walked'): Fragment {
  const value = over === 'lead' ? sort.value(sql) : over === 'page' ? sql`page.sort_value` : sql`l.sort_value`;
  const id = over === 'page' ? sql`page.id` : sql`l.id`;
  return sort.descending ? sql`${value} desc, ${id} desc` : sql`${value}, ${id}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "2024-05-01T10:00:00.123456Z" naming a real instant (no 31 February), as the newest sort's key reads. */
function isCursorTimestamp(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    year >= 1000 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

function encodeCursor(sort: LeadSort, value: string, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, v: value, id })).toString('base64url');
}

function decodeCursor(sort: LeadSort, cursor: string): { value: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      parsed &&
      typeof parsed === 'object' &&
      'v' in parsed &&
      'id' in parsed &&
      's' in parsed &&
      parsed.s === sort &&
      typeof parsed.v === 'string' &&
      typeof parsed.id === 'string' &&
      UUID_PATTERN.test(parsed.id) &&
      SORTS[sort].valid(parsed.v)
    ) {
      return { value: parsed.v, id: parsed.id };
    }
  } catch {
    // Falls through to the error below: a hand-edited or stale cursor is the caller's mistake.
  }
  throw new Invalid('That page link is not valid any more; start from the first page.');
}

/** One page of leads in the chosen order; `nextCursor` is null on the last page. */
export function listLeads(sql: Db, workspaceId: string, filter: LeadFilter, page: LeadPage): Promise<{ leads: LeadRow[]; nextCursor: string | null }> {
  return pageOfLeads<LeadRow>(sql, workspaceId, filter, page, LEAD_COLUMNS(sql));
}

/**
 * The statuses a page reads one at a time from their sort index, or null when it reads in one go. The
 * leads table has a sort index per status but none across statuses (three more indexes cost every lead
 * insert ~5 %): a page over several statuses takes the first rows of each status and merges them. A
 * list of ids finds its few rows from the primary key first, so it is read in one go.
 */
function statusesReadApart(filter: LeadFilter): readonly LeadStatus[] | null {
  if (filter.ids) return null;
  return filter.status && filter.status.length > 0 ? [...new Set(filter.status)] : LEAD_STATUSES;
}

/**
 * How many leads a search walks in the sort's order before it asks the trigram index instead. A search
 * whose words are in many leads (a prefix, a category, "business") fills a page within a few hundred
 * of them, while the index would hand it most of the workspace to sort; one whose words are rare
 * finds few in the walk, and then the index has few to give. This many when the filter has more than a
 * status (a city, a campaign …): the walk then reads each lead's row, about what a page of every lead
 * costs per row read: 2,000 took 10–30 ms at 1,000,000 leads on the 2 shared cores.
 */
export const SEARCH_WALK_ROWS = 2_000;

/**
 * How far an index-only walk may go. With only a status besides the search, the walk reads the
 * per-status sort indexes, which hold name, domain and phone (migration 0047): no lead row is read,
 * ~1.5–2 µs a lead at 1,000,000 leads, where the trigram index's way costs ~7.6 µs per match (each
 * read from the table, then sorted). So the walk goes up to twice as many leads as the index is
 * expected to give (at most half what giving them would cost, when it finds too few and the index is
 * asked after all), and far enough for a common word the sort puts after 50,000 other leads.
 */
export const SEARCH_WALK_MAX_ROWS = 100_000;
const SEARCH_WALK_ROWS_PER_MATCH = 2;

/** How many leads a search walks in the sort's order (see SEARCH_WALK_ROWS and SEARCH_WALK_MAX_ROWS). */
export function searchWalkRows(filter: LeadFilter, weight: Pick<SearchWeight, 'rows'>): number {
  const indexOnly =
    !filter.campaignId &&
    filter.minScore === undefined &&
    filter.maxScore === undefined &&
    !filter.city?.trim() &&
    !filter.category?.trim() &&
    !filter.confidence &&
    !filter.ids;
  if (!indexOnly) return SEARCH_WALK_ROWS;
  return Math.max(SEARCH_WALK_ROWS, Math.min(SEARCH_WALK_MAX_ROWS, Math.round(weight.rows * SEARCH_WALK_ROWS_PER_MATCH)));
}

/**
 * The first `take` leads in the sort's order among `statuses`, each status read from its sort index
 * and merged: `l.id, l.sort_value` and `extra` (more columns over `l`), `where` picking a status's
 * rows (the cursor included). Rows are read only as the caller takes them.
 */
function inSortOrder(
  sql: Db,
  sort: (typeof SORTS)[LeadSort],
  statuses: readonly LeadStatus[],
  where: (status: LeadStatus) => Fragment,
  take: number,
  extra: Fragment,
): Fragment {
  const ofStatus = (status: LeadStatus) => sql`
    select l.id, ${sort.value(sql)} as sort_value ${extra} from leads l
    where ${where(status)}
    order by ${sortOrder(sql, sort, 'lead')} limit ${take}`;
  if (statuses.length === 1) return sql`(${ofStatus(statuses[0]!)})`;
  return sql`(
    select * from (${statuses.map((status, index) => sql`${index > 0 ? sql`union all` : sql``} (${ofStatus(status)})`)}) page
    order by ${sortOrder(sql, sort, 'page')} limit ${take})`;
}

/**
 * One keyset page of `columns` (a select list over `l`): the sort key plus id after the cursor, so
 * every page reads only its own rows from the sort's index, however deep it is.
 *
 * A search first walks the sort's order (searchWalkRows leads after the cursor, then the search
 * condition): when that finds a page and one more, those are the first matches in the order, the same
 * rows in the same order as the index would give. Otherwise the page is read in one go, the trigram
 * index finding the candidates.
 */
export async function pageOfLeads<Row extends { id: string }>(
  sql: Db,
  workspaceId: string,
  filter: LeadFilter,
  page: LeadPage,
  columns: Fragment,
): Promise<{ leads: Row[]; nextCursor: string | null }> {
  const sort = SORTS[page.sort];
  if (!sort) throw new Invalid(`Unknown sort "${String(page.sort)}".`);
  const limit = Math.max(1, Math.min(1000, Math.floor(page.limit)));
  const after = page.cursor ? decodeCursor(page.sort, page.cursor) : null;
  const afterCursor = after ? sql`and ${sort.after(sql, after.value, after.id)}` : sql``;
  const search = filter.search?.trim();
  const statuses = statusesReadApart(filter);
  const unsearched = { ...filter, status: [], search: undefined };
  const ofStatus = (status: LeadStatus) => sql`${filterConditions(sql, workspaceId, unsearched)} and l.status = ${status} ${afterCursor}`;
  const ofPage = (ids: Fragment) => sql`
    with page as (${ids})
    select ${columns}, ${sort.key(sql)} as "sortKey"
    from page join leads l on l.id = page.id
    order by ${sortOrder(sql, sort, 'page')}`;
  let rows: (Row & { sortKey: string })[] | null = null;
  const weight = search ? await weighSearch(sql, search) : null;
  const walk = weight ? searchWalkRows(filter, weight) : 0;
  // The walk is worth it when the planner expects it to find a page: else the index has few leads to give.
  if (search && statuses && weight && weight.share * walk >= limit + 1) {
    const walked = await sql<(Row & { sortKey: string })[]>`${ofPage(sql`
      select l.id, l.sort_value
      from ${inSortOrder(sql, sort, statuses, ofStatus, walk, sql`, lower(${SEARCH_TEXT(sql)}) as search_text, l.name, l.domain, l.phone`)} l
      where ${searchConditions(sql, search, search, sql`l.search_text`)}
      order by ${sortOrder(sql, sort, 'walked')}
      limit ${limit + 1}`)}`;
    if (walked.length > limit) rows = walked;
  }
  rows ??=
    statuses && !search && statuses.length > 1
      ? await sql<(Row & { sortKey: string })[]>`${ofPage(sql`select l.id, l.sort_value from ${inSortOrder(sql, sort, statuses, ofStatus, limit + 1, sql``)} l`)}`
      : await sql<(Row & { sortKey: string })[]>`
          select ${columns}, ${sort.key(sql)} as "sortKey"
          from leads l
          where ${
            statuses && !search
              ? ofStatus(statuses[0]!)
              : sql`${filterConditions(sql, workspaceId, filter, weight?.indexPart)} ${afterCursor}`
          }
          order by ${sortOrder(sql, sort, 'lead')}
          limit ${limit + 1}`;
  const hasMore = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    leads: pageRows.map(({ sortKey: _sortKey, ...lead }) => lead as unknown as Row),
    nextCursor: hasMore && last ? encodeCursor(page.sort, last.sortKey, last.id) : null,
  };
}

/** Exact, for confirmations ("Approve 12 leads?"); a page shows `estimateLeadCount` instead. */
export async function countLeads(sql: Db, workspaceId: string, filter: LeadFilter): Promise<number> {
  const [row]: [{ count: number }?] = await sql`
    select count(*)::int as count from leads l where ${filterConditions(sql, workspaceId, filter)}`;
  return row?.count ?? 0;
}

/** The lead with its contacts and sources (evidence); null when it is not in this workspace. */
export async function getLead(sql: Db, workspaceId: string, id: string): Promise<LeadDetail | null> {
  const [lead]: [LeadRow?] = await sql`select ${LEAD_COLUMNS(sql)} from leads l where l.workspace_id = ${workspaceId} and l.id = ${id}`;
  if (!lead) return null;
  const [contacts, sources, [counts]] = await Promise.all([
    sql<LeadContact[]>`
      select id, email, name, role, phone, source_page as "sourcePage", created_at as "createdAt"
      from lead_contacts where workspace_id = ${workspaceId} and lead_id = ${id}
      order by created_at, email nulls last, id limit ${LEAD_DETAIL_LIST_MAX}`,
    sql<LeadSource[]>`
      select id, kind, ref, evidence, run_id as "runId", found_at as "foundAt"
      from lead_sources where workspace_id = ${workspaceId} and lead_id = ${id}
      order by found_at, id limit ${LEAD_DETAIL_LIST_MAX}`,
    // One lead's rows, counted from their lead_id indexes.
    sql<[{ contactCount: number; sourceCount: number }]>`
      select (select count(*)::int from lead_contacts where workspace_id = ${workspaceId} and lead_id = ${id}) as "contactCount",
             (select count(*)::int from lead_sources where workspace_id = ${workspaceId} and lead_id = ${id}) as "sourceCount"`,
  ]);
  return { ...lead, contacts, sources, contactCount: counts.contactCount, sourceCount: counts.sourceCount };
}

/** Whether the lead is in the workspace, for procedures that read something else of it (the lead itself not needed). */
export async function leadExists(sql: Db, workspaceId: string, id: string): Promise<boolean> {
  const [row]: [{ id: string }?] = await sql`select id from leads where workspace_id = ${workspaceId} and id = ${id}`;
  return Boolean(row);
}

/** Every lead the filter matches, a page at a time, for CSV export without holding them all. */
export async function* exportLeads(
  sql: Db,
  workspaceId: string,
  filter: LeadFilter,
  options: { sort?: LeadSort; batchSize?: number } = {},
): AsyncIterable<LeadRow[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listLeads(sql, workspaceId, filter, { sort: options.sort ?? 'score_desc', limit: options.batchSize ?? 1000, ...(cursor ? { cursor } : {}) });
    if (page.leads.length > 0) yield page.leads;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

export interface LeadTransitionInput {
  workspaceId: string;
  event: LeadEvent;
  target: { ids: string[] } | { filter: LeadFilter };
  /** The member who made the change; null when discovery moves a lead by itself. */
  changedBy: string | null;
  /** Stored with `reject`; any other event clears it. The caller checks one was given. */
  rejectReason?: RejectReason | null;
}

export interface LeadTransitionResult {
  changed: { id: string; name: string; from: LeadStatus; to: LeadStatus }[];
  /** Leads named by id that exist but whose status does not allow the event. */
  skipped: { id: string; name: string; status: LeadStatus }[];
}

/**
 * Applies a state-machine event to one lead, a selection or every lead matching a filter, in one
 * transaction. The update itself checks each lead's current status, so a lead someone else moved
 * meanwhile is left alone. Pass the caller's transaction so its audit entry commits with the change.
 */
export async function transitionLeads(sql: Db, input: LeadTransitionInput): Promise<LeadTransitionResult> {
  const to = leadEventTarget(input.event);
  const from = leadStatusesAllowing(input.event);
  const byIds = 'ids' in input.target;
  if (byIds && (input.target as { ids: string[] }).ids.length === 0) return { changed: [], skipped: [] };
  const filter: LeadFilter = 'ids' in input.target ? { ids: [...new Set(input.target.ids)] } : input.target.filter;
  return inTransaction(sql, async (tx) => {
    // Reopening or moving on clears a reject reason; rejecting records one.
    const rejectReason = input.event === 'reject' ? (input.rejectReason ?? null) : null;
    const changed = await tx<LeadTransitionResult['changed']>`
      with target as (
        select l.id, l.status from leads l
        where ${filterConditions(tx, input.workspaceId, filter)} and l.status = any(${from})
        order by l.id
        for update
      )
      update leads l set status = ${to}, reject_reason = ${rejectReason}, status_changed_at = now(),
             status_changed_by = ${input.changedBy}, updated_at = now()
      from target
      where l.id = target.id
      returning l.id, l.name, target.status as "from", l.status as "to"`;
    if (!byIds) return { changed, skipped: [] };
    const changedIds = new Set(changed.map((row) => row.id));
    const named = await tx<LeadTransitionResult['skipped']>`
      select id, name, status from leads
      where workspace_id = ${input.workspaceId} and id = any(${filter.ids ?? []}::uuid[])`;
    return { changed, skipped: named.filter((lead) => !changedIds.has(lead.id)) };
  });
}
