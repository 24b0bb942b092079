import { leadEventTarget, leadStatusesAllowing, type LeadConfidence, type LeadStatus, type ScoreReason } from '@switchboard/core';
import type { Db } from '../client.ts';
import { estimateRowCount, plannedRowCount, type RowCount } from './row-count.ts';
import { filterConditions, pageOfLeads, weighSearch, type LeadContact, type LeadFilter, type LeadPage, type LeadSource, type PossibleDuplicateOf } from './leads.ts';

/** A row of the leads table: only what the table shows, so a page of 50 stays a few kilobytes. */
export interface LeadTableRow {
  id: string;
  name: string;
  domain: string | null;
  status: LeadStatus;
  score: number;
  confidence: LeadConfidence;
  city: string | null;
  category: string | null;
  phone: string | null;
  campaignId: string | null;
  firstEmail: string | null;
  emailCount: number;
}

/** One page of the leads table; the email subqueries run only for the page's own rows. */
export function listLeadTableRows(sql: Db, workspaceId: string, filter: LeadFilter, page: LeadPage) {
  return pageOfLeads<LeadTableRow>(
    sql,
    workspaceId,
    filter,
    page,
    sql`l.id, l.name, l.domain, l.status, l.score, l.confidence, l.city, l.category, l.phone, l.campaign_id as "campaignId",
        (select c.email from lead_contacts c where c.lead_id = l.id and c.email is not null
         order by c.created_at, c.email limit 1) as "firstEmail",
        (select count(*)::int from lead_contacts c where c.lead_id = l.id and c.email is not null) as "emailCount"`,
  );
}

/** A lead as the review queue shows it: what a reviewer decides on, without the rest of the row. */
export interface ReviewLeadRow {
  id: string;
  name: string;
  status: LeadStatus;
  score: number;
  confidence: LeadConfidence;
  scoreReasons: ScoreReason[];
  website: string | null;
  phone: string | null;
  city: string | null;
  region: string | null;
  category: string | null;
  rating: number | null;
  reviewCount: number | null;
  possibleDuplicateOf: PossibleDuplicateOf | null;
}

export function listReviewLeads(sql: Db, workspaceId: string, filter: LeadFilter, page: LeadPage) {
  return pageOfLeads<ReviewLeadRow>(
    sql,
    workspaceId,
    filter,
    page,
    sql`l.id, l.name, l.status, l.score, l.confidence, l.score_reasons as "scoreReasons", l.website, l.phone, l.city,
        l.region, l.category, l.rating::float8 as rating, l.review_count as "reviewCount",
        (select json_build_object('id', d.id, 'name', d.name, 'evidence', coalesce(l.possible_duplicate_evidence, '{}'))
         from leads d where d.id = l.possible_duplicate_of and d.workspace_id = l.workspace_id) as "possibleDuplicateOf"`,
  );
}

/** Contacts and sources beyond this many per lead are on the lead's own page, not in the queue. */
export const REVIEW_EVIDENCE_PER_LEAD = 5;

export type ReviewContact = Omit<LeadContact, 'createdAt'>;
export type ReviewSource = Pick<LeadSource, 'id' | 'kind' | 'ref'>;

export interface LeadEvidence {
  contacts: ReviewContact[];
  sources: ReviewSource[];
  /** More contacts or sources than shown: the lead's page has them all. */
  more: boolean;
}

/**
 * The first few contacts and sources of a page of leads in two queries, for the review queue's
 * evidence column; a lead found a hundred times still costs the page five of each.
 */
export async function listLeadEvidence(sql: Db, workspaceId: string, leadIds: readonly string[]): Promise<Map<string, LeadEvidence>> {
  const evidence = new Map<string, LeadEvidence>(leadIds.map((id) => [id, { contacts: [], sources: [], more: false }]));
  if (leadIds.length === 0) return evidence;
  const ids = [...leadIds];
  const fetched = REVIEW_EVIDENCE_PER_LEAD + 1;
  const [contacts, sources] = await Promise.all([
    sql<(ReviewContact & { leadId: string })[]>`
      select c.id, page.lead_id as "leadId", c.email, c.name, c.role, c.phone, c.source_page as "sourcePage"
      from unnest(${ids}::uuid[]) as page (lead_id)
      cross join lateral (
        select id, email, name, role, phone, source_page from lead_contacts
        where workspace_id = ${workspaceId} and lead_id = page.lead_id
        order by created_at, email nulls last, id limit ${fetched}
      ) c`,
    sql<(ReviewSource & { leadId: string })[]>`
      select s.id, page.lead_id as "leadId", s.kind, s.ref
      from unnest(${ids}::uuid[]) as page (lead_id)
      cross join lateral (
        select id, kind, ref from lead_sources
        where workspace_id = ${workspaceId} and lead_id = page.lead_id
        order by found_at, id limit ${fetched}
      ) s`,
  ]);
  for (const { leadId, ...contact } of contacts) {
    const lead = evidence.get(leadId);
    if (!lead) continue;
    if (lead.contacts.length < REVIEW_EVIDENCE_PER_LEAD) lead.contacts.push(contact);
    else lead.more = true;
  }
  for (const { leadId, ...source } of sources) {
    const lead = evidence.get(leadId);
    if (!lead) continue;
    if (lead.sources.length < REVIEW_EVIDENCE_PER_LEAD) lead.sources.push(source);
    else lead.more = true;
  }
  return evidence;
}

/** Up to this many matches are counted exactly; past it the count is the planner's estimate. */
export const EXACT_LEAD_COUNT_UP_TO = 1_000;

export type LeadCount = RowCount;

/**
 * How many leads match, for a page heading (see estimateRowCount). A search's count asks the trigram
 * index for its rarest word, as its page does, and its estimate is the leads the rest of the filter
 * would give times the share of leads the search is expected in (weighSearch): the planner, weighing
 * the search's column conditions and the index's condition as if they were independent, expected
 * "bluebonnet" in 2,600 of 1,000,000 leads instead of 50,000.
 */
export async function estimateLeadCount(sql: Db, workspaceId: string, filter: LeadFilter): Promise<LeadCount> {
  const search = filter.search?.trim();
  const weight = search ? await weighSearch(sql, search) : null;
  const rows = sql`select 1 from leads l where ${filterConditions(sql, workspaceId, filter, weight?.indexPart)}`;
  const estimated = weight
    ? weight.share * (await plannedRowCount(sql, sql`select 1 from leads l where ${filterConditions(sql, workspaceId, { ...filter, search: undefined })}`))
    : undefined;
  return estimateRowCount(sql, rows, EXACT_LEAD_COUNT_UP_TO, estimated);
}

/**
 * Puts freshly imported leads in front of a reviewer; returns how many moved. Leads already further
 * along are left alone. The caller records the batch in the audit log in the same transaction.
 */
export async function queueImportedLeadsForReview(sql: Db, workspaceId: string, leadIds: readonly string[], changedBy: string | null): Promise<number> {
  if (leadIds.length === 0) return 0;
  const [row]: [{ count: number }?] = await sql`
    with queued as (
      update leads set status = ${leadEventTarget('queue_for_review')}, status_changed_at = now(), status_changed_by = ${changedBy}, updated_at = now()
      where workspace_id = ${workspaceId} and id = any(${[...leadIds]}::uuid[]) and status = any(${leadStatusesAllowing('queue_for_review')})
      returning 1
    )
    select count(*)::int as count from queued`;
  return row?.count ?? 0;
}
