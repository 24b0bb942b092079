// Contact form sends: what the submitter needs for one (the lead, its form pages, the step), the
// mark made just before the browser presses submit, the "skipped" ending, and the screenshot kept
// as evidence. The claim, success and failure are the sends table's own (sends.ts).
import { sendEventTarget, sendStatusesAllowing, type ContactFormOutcome } from '@switchboard/core';
import type { TemplateLead } from '@switchboard/core/templates';
import { inTransaction, type Db } from '../../client.ts';

export interface FormSendContext {
  sendId: string;
  workspaceId: string;
  campaignId: string;
  enrolmentId: string;
  leadId: string;
  stepId: string;
  status: string;
  attempts: number;
  sequence: unknown;
  lead: TemplateLead;
  /** The pages discovery found a contact form on (from the website source's evidence), in the order found. */
  formPages: string[];
  /** The lead's addresses (for the suppression check), lower-cased. */
  contactEmails: string[];
}

/** One contact form send with what filling it needs; null when it is not a form send of this workspace. */
export async function formSendContext(sql: Db, workspaceId: string, sendId: string): Promise<FormSendContext | null> {
  const [row]: [FormSendContext?] = await sql`
    select s.id as "sendId", s.workspace_id as "workspaceId", s.campaign_id as "campaignId", s.enrolment_id as "enrolmentId",
           s.lead_id as "leadId", s.step_id as "stepId", s.status, s.attempts, c.sequence,
           json_build_object('name', l.name, 'domain', l.domain, 'website', l.website, 'phone', l.phone, 'address', l.address,
             'city', l.city, 'region', l.region, 'country', l.country, 'category', l.category, 'rating', l.rating::float8,
             'reviewCount', l.review_count, 'description', l.description) as lead,
           coalesce((
             select array_agg(distinct form ->> 'page') from lead_sources ls, jsonb_array_elements(
               case when jsonb_typeof(ls.evidence -> 'contactForms') = 'array' then ls.evidence -> 'contactForms' else '[]' end) as form
             where ls.lead_id = l.id and ls.workspace_id = s.workspace_id and ls.kind = 'website' and form ->> 'page' is not null
           ), '{}') as "formPages",
           coalesce((select array_agg(distinct lower(ct.email)) from lead_contacts ct where ct.lead_id = l.id and ct.email is not null), '{}') as "contactEmails"
    from sends s
    join campaigns c on c.id = s.campaign_id
    join leads l on l.id = s.lead_id
    where s.workspace_id = ${workspaceId} and s.id = ${sendId} and s.channel = 'form'`;
  return row ?? null;
}

/** Whether the lead's domain or any of its addresses is on the workspace's suppression list. */
export async function isLeadSuppressed(sql: Db, workspaceId: string, leadId: string): Promise<boolean> {
  const [row]: [{ suppressed: boolean }?] = await sql`
    select exists (
      select 1 from suppressions s
      where s.workspace_id = ${workspaceId} and (
        (s.kind = 'domain' and s.value in (
          select l.domain from leads l where l.id = ${leadId} and l.workspace_id = ${workspaceId} and l.domain is not null
          union select substring(lower(ct.email) from '@([^@]*)$') from lead_contacts ct where ct.lead_id = ${leadId} and ct.email is not null))
        or (s.kind = 'email' and s.value in (select lower(ct.email) from lead_contacts ct where ct.lead_id = ${leadId} and ct.email is not null))
      )
    ) as suppressed`;
  return row?.suppressed ?? false;
}

/**
 * Committed just before the browser presses submit, on a send this worker holds in `sending`. From
 * here on, a worker that stops leaves the send in doubt (recoverStuckSends), never tried again.
 */
export async function markFormSubmitStarted(sql: Db, input: { workspaceId: string; sendId: string; formUrl: string; now: Date }): Promise<boolean> {
  const changed = await sql`
    update sends set submit_started_at = ${input.now}, form_url = ${input.formUrl}, updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.sendId} and status = 'sending' and channel = 'form' and submit_started_at is null`;
  return changed.count > 0;
}

/**
 * A contact form step that could not apply (no form, robots.txt, boxes we cannot fill) and sent
 * nothing: the send is `skipped` with its outcome, and the enrolment moves past the step.
 */
export async function markSendSkipped(
  sql: Db,
  input: { workspaceId: string; sendId: string; outcome: Exclude<ContactFormOutcome, 'submitted' | 'failed' | 'in_doubt'>; reason: string; formUrl: string | null; now: Date },
): Promise<boolean> {
  return inTransaction(sql, async (tx) => {
    const [skipped]: [{ enrolmentId: string; stepId: string; nextStepId: string | null }?] = await tx`
      update sends set status = ${sendEventTarget('skip')}, form_outcome = ${input.outcome}, failure = ${input.reason}, form_url = ${input.formUrl}, updated_at = now()
      where workspace_id = ${input.workspaceId} and id = ${input.sendId} and status = any(${sendStatusesAllowing('skip')})
      returning enrolment_id as "enrolmentId", step_id as "stepId", next_step_id as "nextStepId"`;
    if (!skipped) return false;
    await tx`
      update enrolments set step_id = ${skipped.nextStepId}, step_since = ${input.now}, next_action_at = ${input.now}, updated_at = now()
      where id = ${skipped.enrolmentId} and status in ('active', 'paused') and step_id = ${skipped.stepId}`;
    return true;
  });
}

/** Keeps the page's screenshot with its send (a later one replaces it). */
export async function storeSendScreenshot(sql: Db, input: { workspaceId: string; sendId: string; png: Uint8Array }): Promise<void> {
  await sql`
    insert into send_screenshots (send_id, workspace_id, png)
    select id, workspace_id, ${Buffer.from(input.png)} from sends where workspace_id = ${input.workspaceId} and id = ${input.sendId}
    on conflict (send_id) do update set png = excluded.png, taken_at = now()`;
}

/** A send's screenshot, only within its workspace. */
export async function findSendScreenshot(sql: Db, workspaceId: string, sendId: string): Promise<{ png: Buffer; takenAt: Date } | null> {
  const [row]: [{ png: Buffer; takenAt: Date }?] = await sql`
    select png, taken_at as "takenAt" from send_screenshots where workspace_id = ${workspaceId} and send_id = ${sendId}`;
  return row ?? null;
}

export interface LeadFormSend {
  id: string;
  campaignId: string;
  stepId: string;
  status: string;
  formOutcome: ContactFormOutcome | null;
  formUrl: string | null;
  failure: string | null;
  hasScreenshot: boolean;
  createdAt: Date;
  sentAt: Date | null;
}

/** A lead's contact form sends (every campaign), newest first, for its page. */
export async function leadFormSends(sql: Db, workspaceId: string, leadId: string): Promise<LeadFormSend[]> {
  return sql<LeadFormSend[]>`
    select s.id, s.campaign_id as "campaignId", s.step_id as "stepId", s.status, s.form_outcome as "formOutcome", s.form_url as "formUrl",
           s.failure, exists (select 1 from send_screenshots shot where shot.send_id = s.id) as "hasScreenshot",
           s.created_at as "createdAt", s.sent_at as "sentAt"
    from sends s
    where s.workspace_id = ${workspaceId} and s.lead_id = ${leadId} and s.channel = 'form'
    order by s.created_at desc`;
}
