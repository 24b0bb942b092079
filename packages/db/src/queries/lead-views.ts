import { leadEventTarget, leadStatusesAllowing } from '@switchboard/core';
import type { Db } from '../client.ts';
import type { LeadContact, LeadSource } from './leads.ts';


export interface LeadEvidence {
  contacts: LeadContact[];
  sources: LeadSource[];
}

/** Contacts and sources of a page of leads in two queries, for the review queue's evidence column. */
export async function listLeadEvidence(sql: Db, workspaceId: string, leadIds: readonly string[]): Promise<Map<string, LeadEvidence>> {
  const evidence = new Map<string, LeadEvidence>(leadIds.map((id) => [id, { contacts: [], sources: [] }]));
  if (leadIds.length === 0) return evidence;
  const ids = [...leadIds];
  const [contacts, sources] = await Promise.all([
    sql<(LeadContact & { leadId: string })[]>`
      select id, lead_id as "leadId", email, name, role, phone, source_page as "sourcePage", created_at as "createdAt"
      from lead_contacts where workspace_id = ${workspaceId} and lead_id = any(${ids}::uuid[])
      order by created_at, email nulls last, id`,
    sql<(LeadSource & { leadId: string })[]>`
      select id, lead_id as "leadId", kind, ref, evidence, run_id as "runId", found_at as "foundAt"
      from lead_sources where workspace_id = ${workspaceId} and lead_id = any(${ids}::uuid[])
      order by found_at, id`,
  ]);
  for (const { leadId, ...contact } of contacts) evidence.get(leadId)?.contacts.push(contact);
  for (const { leadId, ...source } of sources) evidence.get(leadId)?.sources.push(source);
  return evidence;
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
