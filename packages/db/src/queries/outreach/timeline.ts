// What happened between Switchboard and one lead: its sends and the messages that came back, for the
// lead's timeline; and the campaign's enrolled leads, each row of which opens that timeline.
import type { ContactFormOutcome, EnrolmentStatus, EnrolmentStopReason, ReplyKind, SendChannel, SendStatus } from '@switchboard/core';
import type { Db } from '../../client.ts';
import type { SendDelivery } from './sends.ts';

export interface TimelineSend {
  id: string;
  campaignId: string;
  campaignName: string;
  stepId: string;
  stepPosition: number;
  status: SendStatus;
  /** An email, or a contact form submission (no address, no delivery: its outcome and page instead). */
  channel: SendChannel;
  delivery: SendDelivery | null;
  subject: string | null;
  toAddress: string | null;
  formOutcome: ContactFormOutcome | null;
  formUrl: string | null;
  /** The sending mailbox's address (null until one was chosen, or once it is deleted). */
  mailboxAddress: string | null;
  failure: string | null;
  /** The email in the sandbox outbox, when the sandbox took it. */
  outboxId: string | null;
  createdAt: Date;
  notBefore: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  bouncedAt: Date | null;
  complainedAt: Date | null;
}

export interface TimelineMessage {
  id: string;
  sendId: string | null;
  kind: ReplyKind;
  fromAddress: string;
  subject: string;
  /** The reply's first characters (see TIMELINE_MESSAGE_TEXT_MAX_CHARS). */
  text: string;
  truncated: boolean;
  receivedAt: Date;
  /** Written by the sandbox recipient, not a person. */
  simulated: boolean;
}

/** A reply can be 100 000 characters: the timeline shows the start of it, and the whole on its own page (findLeadMessage). */
export const TIMELINE_MESSAGE_TEXT_MAX_CHARS = 300;

/**
 * Where a page of the timeline starts in each of its two lists: `undefined` from the newest, an id for
 * the rows older than that one (keyset on time and id, newest first), `null` to leave the list out (an
 * older page after that list ran out).
 */
export interface TimelinePageStart {
  sendsBefore?: string | null | undefined;
  messagesBefore?: string | null | undefined;
}

/**
 * A page of the lead's sends (of one campaign, or all; by when each was planned) and messages (by when
 * each came in): up to `limit` of each, newest first, from where `start` says, with whether each list
 * goes on past the page and how many there are in all (so the page can say what it leaves out). Null
 * when the lead is not in this workspace. An id that is not one of this lead's rows starts nothing: the
 * list is empty.
 */
export async function leadTimeline(
  sql: Db,
  input: { workspaceId: string; leadId: string; campaignId?: string | undefined; limit: number } & TimelinePageStart,
): Promise<{ sends: TimelineSend[]; messages: TimelineMessage[]; more: { sends: boolean; messages: boolean }; totals: { sends: number; messages: number } } | null> {
  const [lead]: [{ id: string }?] = await sql`select id from leads where workspace_id = ${input.workspaceId} and id = ${input.leadId}`;
  if (!lead) return null;
  // One more than the page: whether the list goes on.
  const limit = input.limit + 1;
  // A message's campaign is its send's, stored with it (addLeadMessage): testing it, not the campaign's sends,
  // keeps a busy lead's count from reading all of them (a hashed set of 100,000 sends took ~50 ms).
  const ofCampaign = input.campaignId ? sql`and (send_id is null or campaign_id = ${input.campaignId})` : sql``;
  // The row comparison starts sends_lead_idx (lead_id, created_at) at the last row shown (ties settled by id).
  const sendsBefore = input.sendsBefore
    ? sql`and (s.created_at, s.id) < (select a.created_at, a.id from sends a where a.workspace_id = ${input.workspaceId} and a.lead_id = ${input.leadId} and a.id = ${input.sendsBefore})`
    : sql``;
  const messagesBefore = input.messagesBefore
    ? sql`and (received_at, id) < (select a.received_at, a.id from lead_messages a where a.workspace_id = ${input.workspaceId} and a.lead_id = ${input.leadId} and a.id = ${input.messagesBefore})`
    : sql``;
  const [sends, messages, [totals]] = await Promise.all([
    input.sendsBefore === null
      ? []
      : sql<TimelineSend[]>`
      select s.id, s.campaign_id as "campaignId", c.name as "campaignName", s.step_id as "stepId", s.step_position as "stepPosition",
             s.status, s.channel, s.delivery, s.subject, s.to_address as "toAddress", s.form_outcome as "formOutcome", s.form_url as "formUrl", m.from_address as "mailboxAddress", s.failure,
             o.id as "outboxId", s.created_at as "createdAt", s.not_before as "notBefore", s.sent_at as "sentAt",
             s.delivered_at as "deliveredAt", s.opened_at as "openedAt", s.clicked_at as "clickedAt", s.bounced_at as "bouncedAt",
             s.complained_at as "complainedAt"
      from sends s
      join campaigns c on c.id = s.campaign_id and c.workspace_id = s.workspace_id
      left join mailboxes m on m.id = s.mailbox_id and m.workspace_id = s.workspace_id
      left join sandbox_outbox o on o.send_id = s.id and o.workspace_id = s.workspace_id
      where s.workspace_id = ${input.workspaceId} and s.lead_id = ${input.leadId}
        ${input.campaignId ? sql`and s.campaign_id = ${input.campaignId}` : sql``}
        ${sendsBefore}
      order by s.created_at desc, s.id desc
      limit ${limit}`,
    input.messagesBefore === null
      ? []
      : sql<TimelineMessage[]>`
      select id, send_id as "sendId", kind, from_address as "fromAddress", subject,
             left(text, ${TIMELINE_MESSAGE_TEXT_MAX_CHARS}) as text, char_length(text) > ${TIMELINE_MESSAGE_TEXT_MAX_CHARS} as truncated,
             received_at as "receivedAt", simulated
      from lead_messages
      where workspace_id = ${input.workspaceId} and lead_id = ${input.leadId}
        ${ofCampaign}
        ${messagesBefore}
      order by received_at desc, id desc
      limit ${limit}`,
    // A lead's own rows, read from its indexes: a few thousand at most for the busiest lead.
    sql<[{ sends: number; messages: number }]>`
      select (select count(*)::int from sends where workspace_id = ${input.workspaceId} and lead_id = ${input.leadId}
                ${input.campaignId ? sql`and campaign_id = ${input.campaignId}` : sql``}) as sends,
             (select count(*)::int from lead_messages where workspace_id = ${input.workspaceId} and lead_id = ${input.leadId} ${ofCampaign}) as messages`,
  ]);
  return {
    sends: sends.slice(0, input.limit),
    messages: messages.slice(0, input.limit),
    more: { sends: sends.length > input.limit, messages: messages.length > input.limit },
    totals: totals ?? { sends: sends.length, messages: messages.length },
  };
}

export interface TimelineMessageInFull extends Omit<TimelineMessage, 'truncated'> {
  leadName: string;
}

/** One of the lead's messages with all of its text (the timeline shows its start), or null when it is not this lead's in this workspace. */
export async function findLeadMessage(sql: Db, input: { workspaceId: string; leadId: string; messageId: string }): Promise<TimelineMessageInFull | null> {
  const [row]: [TimelineMessageInFull?] = await sql`
    select m.id, m.send_id as "sendId", m.kind, m.from_address as "fromAddress", m.subject, m.text, m.received_at as "receivedAt", m.simulated, l.name as "leadName"
    from lead_messages m join leads l on l.id = m.lead_id and l.workspace_id = m.workspace_id
    where m.workspace_id = ${input.workspaceId} and m.lead_id = ${input.leadId} and m.id = ${input.messageId}`;
  return row ?? null;
}

export interface CampaignEnrolmentRow {
  leadId: string;
  leadName: string;
  /** Null for a lead enrolled for its contact form alone. */
  email: string | null;
  status: EnrolmentStatus;
  stopReason: EnrolmentStopReason | null;
  /** The step to run next (null once past the last). */
  stepId: string | null;
  /** Emails sent or on their way; contact form submissions are counted apart. */
  emails: number;
  /** Contact form steps that ran or are on their way (submitted, skipped or failed). */
  forms: number;
  lastActivityAt: Date;
}

/** The campaign's enrolled leads, most recently active first, a page at a time. */
export async function listCampaignEnrolments(
  sql: Db,
  input: { workspaceId: string; campaignId: string; limit: number; offset: number },
): Promise<{ rows: CampaignEnrolmentRow[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    sql<CampaignEnrolmentRow[]>`
      select e.lead_id as "leadId", l.name as "leadName", e.email, e.status, e.stop_reason as "stopReason", e.step_id as "stepId",
             (select count(*)::int from sends s where s.enrolment_id = e.id and s.channel = 'email' and s.status <> 'canceled') as emails,
             (select count(*)::int from sends s where s.enrolment_id = e.id and s.channel = 'form' and s.status <> 'canceled') as forms,
             e.updated_at as "lastActivityAt"
      from (
        -- The page's ids first, skipped over in enrolments_campaign_activity_idx alone: the lead and the counts only for the rows shown.
        select id from enrolments
        where workspace_id = ${input.workspaceId} and campaign_id = ${input.campaignId}
        order by updated_at desc, id desc
        limit ${input.limit} offset ${input.offset}
      ) page
      join enrolments e on e.id = page.id
      join leads l on l.id = e.lead_id and l.workspace_id = e.workspace_id
      order by e.updated_at desc, e.id desc`,
    sql<[{ total: number }]>`select count(*)::int as total from enrolments where workspace_id = ${input.workspaceId} and campaign_id = ${input.campaignId}`,
  ]);
  return { rows, total: count.total };
}
