import type { Db } from '../client.ts';
import { rescoreLeads } from './lead-merge/index.ts';
import { transitionLeads } from './leads.ts';


/**
 * Puts leads in front of a human: `enriched` first when a website was read for them. Leads already
 * further along (approved, in review) are left as they are.
 */
export async function queueLeadsForReview(sql: Db, workspaceId: string, leadIds: string[], options: { enriched?: boolean } = {}): Promise<number> {
  if (leadIds.length === 0) return 0;
  if (options.enriched) {
    await transitionLeads(sql, { workspaceId, event: 'enrich', target: { ids: leadIds }, changedBy: null });
  }
  const { changed } = await transitionLeads(sql, { workspaceId, event: 'queue_for_review', target: { ids: leadIds }, changedBy: null });
  return changed.length;
}

/** At the end of a run, every lead it found that is not yet in review goes there. */
export async function queueRunLeadsForReview(sql: Db, workspaceId: string, runId: string): Promise<number> {
  const rows = await sql<{ id: string }[]>`
    select distinct l.id
    from lead_sources s join leads l on l.id = s.lead_id
    where s.workspace_id = ${workspaceId} and s.run_id = ${runId} and l.status in ('discovered', 'enriched')`;
  return queueLeadsForReview(sql, workspaceId, rows.map((row) => row.id));
}

/** A listing's website did not answer: the score should know it. */
export async function markLeadWebsiteUnreachable(sql: Db, workspaceId: string, leadId: string): Promise<void> {
  await sql`update leads set website_reachable = false, updated_at = now() where workspace_id = ${workspaceId} and id = ${leadId}`;
  await rescoreLeads(sql, workspaceId, [leadId]);
}
