// Leads enrolled in a campaign's sequence: enrolment (idempotent), the scheduler's due list, and
// stopping (a reply, bounce or unsubscribe stops the lead's sequence and cancels what was waiting).
import {
  callEventTarget,
  callStatusesAllowing,
  enrolmentEventTarget,
  enrolmentStatusesAllowing,
  leadEventTarget,
  leadStatusesAllowing,
  sendEventTarget,
  sendStatusesAllowing,
  type CallStatus, type EnrolmentEventRecord, type EnrolmentStatus, type EnrolmentStopReason } from '@switchboard/core';
import { inTransaction, type Db, type TransactionSql } from '../../client.ts';
import { createPublisher } from '../../events/publish.ts';

export interface EnrolmentCounts {
  /** Approved leads of the campaign with an email address, not yet enrolled. */
  enrolable: number;
  /** Approved leads of the campaign without any email address: they cannot be written to. */
  withoutEmail: number;
  /** Of those, the ones discovery found a contact form for: a contact form step can reach them. */
  formOnly: number;
  /** Already enrolled (any status). */
  enrolled: number;
  /** Not yet enrolled leads (with an email address, or a contact form alone) without a phone number: a call step passes them over. */
  withoutPhone: number;
  /** Of those, the ones with an email address. */
  withEmailWithoutPhone: number;
}

/** What starting the campaign's outreach would do, for the confirmation. */
export async function countEnrolableLeads(sql: Db, workspaceId: string, campaignId: string): Promise<EnrolmentCounts> {
  const [row]: [EnrolmentCounts?] = await sql`
    select
      count(*) filter (where l.status = 'approved' and e.id is null and has_email)::int as enrolable,
      count(*) filter (where l.status = 'approved' and e.id is null and not has_email)::int as "withoutEmail",
      count(*) filter (where l.status = 'approved' and e.id is null and not has_email and l.has_contact_form)::int as "formOnly",
      count(*) filter (where l.status = 'approved' and e.id is null and (has_email or l.has_contact_form) and l.phone is null)::int as "withoutPhone",
      count(*) filter (where l.status = 'approved' and e.id is null and has_email and l.phone is null)::int as "withEmailWithoutPhone",
      (select count(*) from enrolments where workspace_id = ${workspaceId} and campaign_id = ${campaignId})::int as enrolled
    from leads l
    left join enrolments e on e.campaign_id = ${campaignId} and e.lead_id = l.id
    cross join lateral (select exists (select 1 from lead_contacts c where c.lead_id = l.id and c.email is not null) as has_email) contact
    where l.workspace_id = ${workspaceId} and l.campaign_id = ${campaignId} and l.status = 'approved'`;
  return row ?? { enrolable: 0, withoutEmail: 0, formOnly: 0, enrolled: 0, withoutPhone: 0, withEmailWithoutPhone: 0 };
}

/**
 * Enrols the campaign's approved leads that have an email address (the first address found for the
 * lead), and with `formLeads` those with only a contact form, and moves them to `in_outreach`, in one transaction. Enrolling twice adds nothing. Returns
 * the ids of the leads enrolled now.
 */
export async function enrolApprovedLeads(
  sql: Db,
  input: {
    workspaceId: string;
    campaignId: string;
    enrolledBy: string | null;
    firstStepId: string | null;
    startAt: Date;
    /** The sequence has a contact form step: leads without an address but with a contact form are enrolled too (email null). */
    formLeads?: boolean;
  },
): Promise<string[]> {
  const from = leadStatusesAllowing('start_outreach');
  const to = leadEventTarget('start_outreach');
  return inTransaction(sql, async (tx) => {
    const enrolled = await tx<{ leadId: string }[]>`
      with candidates as (
        select l.id from leads l
        where l.workspace_id = ${input.workspaceId} and l.campaign_id = ${input.campaignId} and l.status = any(${from})
        order by l.id
        for update of l
      ), chosen as (
        select distinct on (c.lead_id) c.lead_id, c.id as contact_id, c.email
        from lead_contacts c join candidates on candidates.id = c.lead_id
        where c.email is not null
        order by c.lead_id, c.created_at, c.id
      ), form_only as (
        select l.id as lead_id, null::uuid as contact_id, null::text as email
        from leads l join candidates on candidates.id = l.id
        where ${input.formLeads ?? false} and l.has_contact_form and not exists (select 1 from chosen where chosen.lead_id = l.id)
      ), inserted as (
        insert into enrolments (workspace_id, campaign_id, lead_id, contact_id, email, enrolled_by, step_id, step_since, next_action_at)
        select ${input.workspaceId}, ${input.campaignId}, chosen.lead_id, chosen.contact_id, chosen.email, ${input.enrolledBy},
               ${input.firstStepId}, ${input.startAt}, ${input.startAt}
        from (select * from chosen union all select * from form_only) chosen
        on conflict (campaign_id, lead_id) do nothing
        returning lead_id
      )
      update leads l set status = ${to}, status_changed_at = now(), status_changed_by = ${input.enrolledBy}, updated_at = now()
      from inserted where l.id = inserted.lead_id
      returning l.id as "leadId"`;
    return enrolled.map((row) => row.leadId);
  });
}

export interface DueEnrolment {
  id: string;
  workspaceId: string;
  campaignId: string;
  leadId: string;
  /** Null for a lead enrolled for its contact form alone. */
  email: string | null;
  status: EnrolmentStatus;
  stepId: string | null;
  stepSince: Date;
  mailboxId: string | null;
  /** Where the lead is, for the zone its business days and send window are read in. */
  country: string | null;
  region: string | null;
  /** What happened to the lead and its emails so far, for the planner's branches and stops. */
  events: EnrolmentEventRecord[];
  /** The lead's phone (E.164), for a call step; null: call steps pass it over. */
  phone: string | null;
  /** Each call step that queued a call: its latest attempt's status, and when that attempt ended (or was queued). */
  calls: { stepId: string; status: CallStatus; at: Date }[];
}

/**
 * Locks up to `limit` active enrolments of active campaigns that are due by `now`, earliest first,
 * skipping rows another scheduler holds. Call inside the transaction that applies their plans.
 */
export async function claimDueEnrolments(tx: TransactionSql, input: { now: Date; limit: number }): Promise<DueEnrolment[]> {
  const rows = await tx<(Omit<DueEnrolment, 'events' | 'calls'> & { events: { type: EnrolmentEventRecord['type']; at: string }[]; calls: { stepId: string; status: CallStatus; at: string }[] })[]>`
    with due as (
      select e.id from enrolments e
      join campaigns c on c.id = e.campaign_id and c.status = 'active'
      where e.status = 'active' and e.next_action_at <= ${input.now}
      order by e.next_action_at
      limit ${input.limit}
      for update of e skip locked
    )
    select e.id, e.workspace_id as "workspaceId", e.campaign_id as "campaignId", e.lead_id as "leadId", e.email, e.status,
           e.step_id as "stepId", e.step_since as "stepSince", e.mailbox_id as "mailboxId", l.country, l.region, l.phone,
           coalesce(k.calls, '[]') as calls,
           coalesce(s.events, '[]') || case when l.status in ('replied', 'unsubscribed')
             then jsonb_build_array(jsonb_build_object('type', l.status, 'at', coalesce(l.status_changed_at, l.updated_at)))
             else '[]' end as events
    from due join enrolments e on e.id = due.id
    join leads l on l.id = e.lead_id
    left join lateral (
      select jsonb_agg(jsonb_build_object('type', event.type, 'at', event.at)) as events
      from sends, lateral (values ('opened', opened_at), ('clicked', clicked_at), ('bounced', bounced_at), ('complained', complained_at)) as event(type, at)
      where sends.enrolment_id = e.id and event.at is not null
    ) s on true
    left join lateral (
      select jsonb_agg(jsonb_build_object('stepId', latest.step_id, 'status', latest.status, 'at', coalesce(latest.ended_at, latest.created_at))) as calls
      from (select distinct on (step_id) step_id, status, ended_at, created_at from calls
            where calls.enrolment_id = e.id order by step_id, attempt desc) latest
    ) k on true
    order by e.next_action_at`;
  return rows.map((row) => ({
    ...row,
    events: row.events.map((event) => ({ type: event.type, at: new Date(event.at) })),
    calls: row.calls.map((call) => ({ stepId: call.stepId, status: call.status, at: new Date(call.at) })),
  }));
}

export interface EnrolmentPlan {
  id: string;
  status: 'active' | 'completed' | 'stopped';
  stopReason: EnrolmentStopReason | null;
  stepId: string | null;
  stepSince: Date;
  /** When to look again; null while a send of this enrolment is on its way. */
  nextActionAt: Date | null;
}

/** Writes the scheduler's decisions for claimed enrolments in one statement. */
export async function applyEnrolmentPlans(tx: TransactionSql, plans: EnrolmentPlan[]): Promise<void> {
  if (plans.length === 0) return;
  await tx`
    update enrolments e set
      status = p.status, stop_reason = p.stop_reason, step_id = p.step_id, step_since = p.step_since, next_action_at = p.next_action_at,
      finished_at = case when p.status in ('completed', 'stopped') then now() end, updated_at = now()
    from unnest(${plans.map((plan) => plan.id)}::uuid[], ${plans.map((plan) => plan.status)}::text[],
                ${plans.map((plan) => plan.stopReason)}::text[], ${plans.map((plan) => plan.stepId)}::text[],
                ${plans.map((plan) => plan.stepSince.toISOString())}::timestamptz[],
                ${plans.map((plan) => plan.nextActionAt?.toISOString() ?? null)}::timestamptz[])
      as p(id, status, stop_reason, step_id, step_since, next_action_at)
    where e.id = p.id and e.status = 'active'`;
}

export interface StoppedEnrolments {
  enrolmentIds: string[];
  /** Sends that were waiting for their turn and now never go. */
  canceledSendIds: string[];
  /** The campaigns of the stopped enrolments (whose boards changed). */
  campaignIds: string[];
  /** Calls of their call steps that were queued (not yet dialing) and now are never placed. */
  canceledCallIds: string[];
}

/**
 * Stops the active or paused enrolments of the given leads (in every campaign of the workspace) and
 * cancels their queued and retrying sends in the same statement, so no step scheduled before the
 * reply, bounce or unsubscribe can still go out.
 */
export async function stopLeadEnrolments(
  sql: Db,
  input: { workspaceId: string; leadIds: string[]; reason: EnrolmentStopReason },
): Promise<StoppedEnrolments> {
  const none: StoppedEnrolments = { enrolmentIds: [], canceledSendIds: [], campaignIds: [], canceledCallIds: [] };
  if (input.leadIds.length === 0) return none;
  const [row]: [(StoppedEnrolments & { canceledCalls: { id: string; campaignId: string }[] })?] = await sql`
    with stopped as (
      update enrolments set status = ${enrolmentEventTarget('stop')}, stop_reason = ${input.reason}, next_action_at = null, finished_at = now(), updated_at = now()
      where workspace_id = ${input.workspaceId} and lead_id = any(${input.leadIds}::uuid[]) and status = any(${enrolmentStatusesAllowing('stop')})
      returning id, campaign_id
    ), canceled as (
      update sends set status = ${sendEventTarget('cancel')}, failure = ${`Not sent: the lead's sequence stopped (${input.reason}).`}, updated_at = now()
      where enrolment_id in (select id from stopped) and status = any(${sendStatusesAllowing('cancel')})
      returning id
    ), canceled_calls as (
      -- A call already dialing is left to end; one still queued is never placed.
      update calls set status = ${callEventTarget('cancel')}, ended_at = now(), failure = ${`Not placed: the lead's sequence stopped (${input.reason}).`}, updated_at = now()
      where enrolment_id in (select id from stopped) and status = any(${callStatusesAllowing('cancel')})
      returning id, campaign_id
    )
    select coalesce((select array_agg(id) from stopped), '{}') as "enrolmentIds",
           coalesce((select array_agg(id) from canceled), '{}') as "canceledSendIds",
           coalesce((select array_agg(distinct campaign_id) from stopped), '{}') as "campaignIds",
           coalesce((select jsonb_agg(jsonb_build_object('id', id, 'campaignId', campaign_id)) from canceled_calls), '[]') as "canceledCalls"`;
  if (!row) return none;
  const { canceledCalls, ...stopped } = row;
  // Inside the caller's transaction the call board hears of the canceled calls when it commits.
  const publish = createPublisher(sql);
  for (const call of canceledCalls) await publish(input.workspaceId, 'calls.changed', { callId: call.id, campaignId: call.campaignId, status: 'canceled' });
  return { ...stopped, canceledCallIds: canceledCalls.map((call) => call.id) };
}

/**
 * The leads a workspace writes to at these addresses or domains: those with a live enrolment to one,
 * and the lead of the send whose unsubscribe link was used (its sequence may be over, the lead still
 * in outreach). Addresses and domains lower-cased, as the suppression list keeps them.
 */
export async function leadsWrittenAt(
  sql: Db,
  input: { workspaceId: string; emails: readonly string[]; domains?: readonly string[]; sendId?: string | null },
): Promise<string[]> {
  const rows = await sql<{ leadId: string }[]>`
    select lead_id as "leadId" from enrolments
    where workspace_id = ${input.workspaceId} and status in ('active', 'paused')
      and (email = any(${[...input.emails]}::text[]) or split_part(email, '@', 2) = any(${[...(input.domains ?? [])]}::text[]))
    union
    select lead_id from sends where workspace_id = ${input.workspaceId} and id = ${input.sendId ?? null}::uuid`;
  return rows.map((row) => row.leadId);
}

export interface EnrolmentStatusCounts {
  status: EnrolmentStatus;
  count: number;
}

export async function countEnrolmentsByStatus(sql: Db, workspaceId: string, campaignId: string): Promise<EnrolmentStatusCounts[]> {
  return sql<EnrolmentStatusCounts[]>`
    select status, count(*)::int as count from enrolments
    where workspace_id = ${workspaceId} and campaign_id = ${campaignId}
    group by status order by status`;
}

export interface CampaignSequence {
  id: string;
  /** The stored sequence document, checked by core's ZSequence before use. */
  sequence: unknown;
  timeZone: string;
}

/** The sequences and zones of the campaigns the scheduler is planning for. */
export async function campaignSequences(sql: Db, campaignIds: string[]): Promise<CampaignSequence[]> {
  if (campaignIds.length === 0) return [];
  return sql<CampaignSequence[]>`select id, sequence, time_zone as "timeZone" from campaigns where id = any(${campaignIds}::uuid[])`;
}

/**
 * Stores a campaign's sequence (checked by core's ZSequence first) and moves its version on. With `expectedVersion`, only while the stored version is still that one
 * (the version the editor started from): null when it moved on, as when the campaign is missing.
 */
export async function setCampaignSequence(
  sql: Db,
  input: { workspaceId: string; campaignId: string; sequence: object; by: string | null; expectedVersion?: number | undefined },
): Promise<{ version: number } | null> {
  const [row]: [{ version: number }?] = await sql`
    update campaigns set sequence = ${sql.json(input.sequence as Parameters<typeof sql.json>[0])}, sequence_version = sequence_version + 1,
           updated_by = ${input.by}, updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.campaignId}
      and (${input.expectedVersion ?? null}::int is null or sequence_version = ${input.expectedVersion ?? null})
    returning sequence_version as version`;
  return row ?? null;
}

export interface LiveEnrolmentMatch {
  workspaceId: string;
  campaignId: string;
  leadId: string;
  enrolmentId: string;
}

/**
 * The live (active or paused) enrolments writing to `senderEmail` from a mailbox whose address is one
 * of `mailboxAddresses`: how a reply without In-Reply-To or References is matched to its lead. The
 * mailbox names the workspace, since the inbound webhook itself names none.
 */
export async function findLiveEnrolmentsBySender(
  sql: Db,
  input: { senderEmail: string; mailboxAddresses: readonly string[]; /** Only this workspace's (a mailbox's own INBOX). */ workspaceId?: string | null },
): Promise<LiveEnrolmentMatch[]> {
  if (input.mailboxAddresses.length === 0) return [];
  return sql<LiveEnrolmentMatch[]>`
    select e.workspace_id as "workspaceId", e.campaign_id as "campaignId", e.lead_id as "leadId", e.id as "enrolmentId"
    from enrolments e
    where e.email = ${input.senderEmail.trim().toLowerCase()} and e.status in ('active', 'paused')
      and (${input.workspaceId ?? null}::uuid is null or e.workspace_id = ${input.workspaceId ?? null})
      and e.workspace_id in (
        select m.workspace_id from mailboxes m
        where m.from_address = any(${input.mailboxAddresses.map((address) => address.trim().toLowerCase())}::text[])
      )
    order by e.created_at`;
}
