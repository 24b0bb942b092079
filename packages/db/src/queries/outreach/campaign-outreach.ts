// What the campaign's outreach page reads beyond enrolments and sends: the stored sequence, the leads
// a preview renders for, and why enrolments stopped.
import type { EnrolmentStopReason } from '@switchboard/core';
import type { TemplateLead } from '@switchboard/core/templates';
import type { Db } from '../../client.ts';

export interface StoredCampaignSequence {
  /** The stored document (null before the first save); checked by core's ZSequence before use. */
  sequence: unknown;
  version: number;
  outreachStartedAt: Date | null;
}

export async function getCampaignSequence(sql: Db, workspaceId: string, campaignId: string): Promise<StoredCampaignSequence | null> {
  const [row]: [StoredCampaignSequence?] = await sql`
    select sequence, sequence_version as version, outreach_started_at as "outreachStartedAt"
    from campaigns where workspace_id = ${workspaceId} and id = ${campaignId}`;
  return row ?? null;
}

/** Records when outreach first started and who started it; later starts keep the first. */
export async function markOutreachStarted(sql: Db, input: { workspaceId: string; campaignId: string; by: string | null }): Promise<void> {
  await sql`
    update campaigns set outreach_started_at = coalesce(outreach_started_at, now()), outreach_started_by = coalesce(outreach_started_by, ${input.by}), updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.campaignId}`;
}

/** A lead with the fields a template reads, and the contact enrolment would write to. */
export interface PreviewLead extends TemplateLead {
  id: string;
  contactName: string | null;
  contactEmail: string;
  contactRole: string | null;
}

/**
 * Up to `limit` of the campaign's leads a sequence writes to (approved, or already in outreach),
 * highest score first, each with the contact enrolment would pick (its first address).
 */
export function previewLeads(sql: Db, workspaceId: string, campaignId: string, limit: number): Promise<PreviewLead[]> {
  return sql<PreviewLead[]>`
    select l.id, l.name, l.domain, l.website, l.phone, l.address, l.city, l.region, l.country, l.category,
           l.rating::float8 as rating, l.review_count as "reviewCount", l.description,
           c.name as "contactName", c.email as "contactEmail", c.role as "contactRole"
    from leads l
    join lateral (
      select name, email, role from lead_contacts
      where lead_id = l.id and workspace_id = ${workspaceId} and email is not null
      order by created_at, id limit 1
    ) c on true
    where l.workspace_id = ${workspaceId} and l.campaign_id = ${campaignId} and l.status in ('approved', 'in_outreach')
    order by l.status = 'approved' desc, l.score desc, l.id
    limit ${limit}`;
}

export interface StopReasonCount {
  reason: EnrolmentStopReason;
  count: number;
}

/** How many of the campaign's enrolments stopped for each reason (replied, bounced, unsubscribed …). */
export function countEnrolmentStopReasons(sql: Db, workspaceId: string, campaignId: string): Promise<StopReasonCount[]> {
  return sql<StopReasonCount[]>`
    select stop_reason as reason, count(*)::int as count from enrolments
    where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and status = 'stopped'
    group by stop_reason order by stop_reason`;
}
