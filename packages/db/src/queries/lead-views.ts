import { leadEventTarget, leadStatusesAllowing } from '@switchboard/core';
import { inTransaction, type Db } from '../client.ts';
import { appendAudit } from './audit-log.ts';
import type { LeadActor, LeadContact, LeadSource } from './leads.ts';


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
 * Puts freshly imported leads in front of a reviewer, with one audit entry for the batch in the same
 * transaction: one per imported lead would bury the log, none would leave the change unexplained if
 * the rest of the import then failed. Leads already further along are left alone.
 */
export async function queueImportedLeadsForReview(
  sql: Db,
  workspaceId: string,
  leadIds: readonly string[],
  by: { actor: LeadActor; file: string; addedInReview?: number },
): Promise<number> {
  const added = by.addedInReview ?? 0;
  if (leadIds.length === 0 && added === 0) return 0;
  return inTransaction(sql, async (tx) => {
    const [row]: [{ count: number }?] =
      leadIds.length === 0
        ? [{ count: 0 }]
        : await tx`
            with queued as (
              update leads set status = ${leadEventTarget('queue_for_review')}, status_changed_at = now(), status_changed_by = ${by.actor.userId}, updated_at = now()
              where workspace_id = ${workspaceId} and id = any(${[...leadIds]}::uuid[]) and status = any(${leadStatusesAllowing('queue_for_review')})
              returning 1
            )
            select count(*)::int as count from queued`;
    // Leads the import added straight into review (mergeLeadCandidates' newLeadStatus) count as queued here too.
    const count = (row?.count ?? 0) + added;
    if (count > 0) {
      await appendAudit(tx, {
        workspaceId,
        actorUserId: by.actor.userId,
        actorLabel: by.actor.label,
        ip: by.actor.ip,
        action: 'lead.bulk_queue_for_review',
        targetType: 'lead',
        summary: { count, file: by.file },
      });
    }
    return count;
  });
}
