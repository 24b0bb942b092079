// What the send dispatcher reads: the sends due now, everything one send needs to be written, and the
// campaign's mailboxes with what each has used of its limits.
import type { SendChannel } from '@switchboard/core';
import type { TemplateLead } from '@switchboard/core/templates';
import type { Db } from '../../client.ts';
import type { PlannedSend } from './sends.ts';

/**
 * Sends waiting for their turn (queued or retrying) that are due, earliest first: emails, or with
 * `channel: 'form'` contact form submissions. `excludeIds` leaves out sends the caller already has in
 * hand (a batch still being sent, whose sends stay queued until each is claimed).
 */
export async function dueSends(
  sql: Db,
  input: { now: Date; limit: number; channel?: SendChannel; excludeIds?: readonly string[] },
): Promise<{ id: string; workspaceId: string; campaignId: string }[]> {
  const excluded = input.excludeIds ?? [];
  return sql<{ id: string; workspaceId: string; campaignId: string }[]>`
    select s.id, s.workspace_id as "workspaceId", s.campaign_id as "campaignId" from sends s
    join campaigns c on c.id = s.campaign_id and c.status = 'active'
    where s.status in ('queued', 'retrying') and s.not_before <= ${input.now} and s.channel = ${input.channel ?? 'email'}
      ${excluded.length > 0 ? sql`and not exists (select 1 from unnest(${[...excluded]}::uuid[]) as taken(id) where taken.id = s.id)` : sql``}
    order by s.not_before
    limit ${input.limit}`;
}

export interface SendContext
  extends Pick<PlannedSend, 'workspaceId' | 'campaignId' | 'enrolmentId' | 'leadId' | 'stepId' | 'stepPosition' | 'idempotencyKey' | 'messageId'> {
  sendId: string;
  /** Email sends always have one (a check constraint says so). */
  toAddress: string;
  status: string;
  attempts: number;
  /** The mailbox that wrote to this lead before (the thread's sender), if any. */
  enrolmentMailboxId: string | null;
  /** The mailbox an earlier attempt of this send reserved its slot on (and may have sent from), if any. */
  slotMailboxId: string | null;
  campaignTimeZone: string;
  sequence: unknown;
  sequenceVersion: number;
  lead: TemplateLead;
  contact: { name: string | null; role: string | null };
}

const SEND_CONTEXT_COLUMNS = (sql: Db) => sql`
  s.id as "sendId", s.workspace_id as "workspaceId", s.campaign_id as "campaignId", s.enrolment_id as "enrolmentId",
  s.lead_id as "leadId", s.step_id as "stepId", s.step_position as "stepPosition", s.to_address as "toAddress",
  s.idempotency_key as "idempotencyKey", s.message_id as "messageId", s.status, s.attempts,
  e.mailbox_id as "enrolmentMailboxId",
  (select ms.mailbox_id from mailbox_send_slots ms where ms.workspace_id = s.workspace_id and ms.send_key = s.idempotency_key) as "slotMailboxId",
  c.time_zone as "campaignTimeZone", c.sequence, c.sequence_version as "sequenceVersion",
  json_build_object('name', l.name, 'domain', l.domain, 'website', l.website, 'phone', l.phone, 'address', l.address,
    'city', l.city, 'region', l.region, 'country', l.country, 'category', l.category, 'rating', l.rating::float8,
    'reviewCount', l.review_count, 'description', l.description) as lead,
  json_build_object('name', ct.name, 'role', ct.role) as contact`;

/** One email send with its lead, contact and campaign; null when it is not in this workspace (or not an email). */
export async function sendContext(sql: Db, workspaceId: string, sendId: string): Promise<SendContext | null> {
  const [row]: [SendContext?] = await sql`
    select ${SEND_CONTEXT_COLUMNS(sql)}
    from sends s
    join enrolments e on e.id = s.enrolment_id
    join campaigns c on c.id = s.campaign_id
    join leads l on l.id = s.lead_id
    left join lead_contacts ct on ct.id = e.contact_id
    where s.workspace_id = ${workspaceId} and s.id = ${sendId} and s.channel = 'email'`;
  return row ?? null;
}

/** `sendContext` for a batch of sends in one round trip; a send not in its given workspace (or not an email) is left out. */
export async function sendContexts(sql: Db, sends: readonly { workspaceId: string; id: string }[]): Promise<SendContext[]> {
  if (sends.length === 0) return [];
  return sql<SendContext[]>`
    select ${SEND_CONTEXT_COLUMNS(sql)}
    from unnest(${sends.map((send) => send.workspaceId)}::uuid[], ${sends.map((send) => send.id)}::uuid[]) as wanted(workspace_id, id)
    join sends s on s.id = wanted.id and s.workspace_id = wanted.workspace_id
    join enrolments e on e.id = s.enrolment_id
    join campaigns c on c.id = s.campaign_id
    join leads l on l.id = s.lead_id
    left join lead_contacts ct on ct.id = e.contact_id
    where s.channel = 'email'`;
}

export interface SendingMailbox {
  id: string;
  fromName: string;
  fromAddress: string;
  provider: 'resend' | 'smtp';
  status: string;
  signature: string;
  postalAddress: string | null;
  limitPerMinute: number;
  limitPerHour: number;
  limitPerDay: number;
  sendDays: number[];
  sendStartMinute: number;
  sendEndMinute: number;
  /** Slots taken in the last minute, hour and day. */
  usedMinute: number;
  usedHour: number;
  usedDay: number;
}

/** The campaign's mailboxes (its rotation) with their settings and what they have used of each window. */
export async function campaignSendingMailboxes(sql: Db, workspaceId: string, campaignId: string): Promise<SendingMailbox[]> {
  return sql<SendingMailbox[]>`
    select m.id, m.from_name as "fromName", m.from_address as "fromAddress", m.provider, m.status, m.signature,
           m.postal_address as "postalAddress", m.limit_per_minute as "limitPerMinute", m.limit_per_hour as "limitPerHour",
           m.limit_per_day as "limitPerDay", m.send_days::int[] as "sendDays", m.send_start_minute as "sendStartMinute",
           m.send_end_minute as "sendEndMinute",
           count(slot.id) filter (where slot.reserved_at > now() - interval '1 minute')::int as "usedMinute",
           count(slot.id) filter (where slot.reserved_at > now() - interval '1 hour')::int as "usedHour",
           count(slot.id)::int as "usedDay"
    from campaign_mailboxes cm
    join mailboxes m on m.id = cm.mailbox_id and m.workspace_id = cm.workspace_id
    left join mailbox_send_slots slot on slot.mailbox_id = m.id and slot.reserved_at > now() - interval '1 day'
    where cm.workspace_id = ${workspaceId} and cm.campaign_id = ${campaignId}
    group by m.id, cm.position
    order by cm.position`;
}
