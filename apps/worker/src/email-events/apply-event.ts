// Applies one stored Resend webhook event to the send it speaks of (delivery, bounce, complaint, open,
// click) or, for an inbound email, to the lead it answers. Everything an event changes, and the event's
// processed mark, commit together: a replay, a second job or a crash half-way changes nothing twice.
import {
  bounceKind,
  classifyReply,
  MAILBOX_HEALTH_WINDOW_SENDS,
  mailAddressOf,
  mailboxHealth,
  mailboxStatusesAllowing,
  referencedMessageIds,
  transitionMailbox,
  type EnrolmentStopReason,
  type LeadEvent,
  type ReplyKind,
} from '@switchboard/core';
import type { Logger } from '@switchboard/core/logging';
import {
  addLeadMessage,
  addSuppression,
  findEmailWebhookEvent,
  findLiveEnrolmentsBySender,
  findSendByMessageId,
  findSendByProviderMessage,
  findSendForWebhook,
  lockEmailWebhookEvent,
  mailboxSendOutcomes,
  markEmailWebhookEventProcessed,
  recordSendDelivery,
  setMailboxStatus,
  stopLeadEnrolments,
  transitionLeads,
  type SendRow,
  type Sql,
  type TransactionSql,
} from '@switchboard/db';
import { z } from 'zod';
import type { ReadReceivedEmail, ReceivedEmailContent } from '../adapters/email/resend-inbound.ts';
import { replyTextOf } from './reply-text.ts';


// Resend's event body (https://resend.com/docs/webhooks): only the fields applied here are read;
// the rest stays in the stored payload.
const ZResendEvent = z.object({
  type: z.string(),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().optional(),
      created_at: z.string().optional(),
      from: z.string().optional(),
      to: z.array(z.string()).optional(),
      subject: z.string().optional(),
      // An object of name → value in webhooks; the send request's array form is accepted too.
      tags: z.union([z.record(z.string(), z.string()), z.array(z.object({ name: z.string(), value: z.string() }))]).optional(),
      bounce: z.object({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
      message_id: z.string().optional(),
      // Resend's webhooks leave these out (the Receiving API has them); a payload that has them is used as is.
      text: z.string().nullable().optional(),
      html: z.string().nullable().optional(),
      headers: z.record(z.string(), z.string()).nullable().optional(),
    })
    .default({}),
});
type ResendEvent = z.infer<typeof ZResendEvent>;

/** A campaign whose board changed, for the live event. */
export interface ChangedCampaign {
  workspaceId: string;
  campaignId: string;
}

export interface AppliedEmailEvent {
  /** What the event did, or why it did nothing (stored on the event row). */
  outcome: string;
  workspaceId: string | null;
  campaigns: ChangedCampaign[];
  /** Whether a lead changed state (for the leads list's live refresh). */
  leadsChanged: boolean;
  pausedMailboxIds: string[];
}

interface ApplyServices {
  sql: Sql;
  log: Logger;
  /** Needed only for inbound emails whose payload has no content. */
  readReceivedEmail?: ReadReceivedEmail | undefined;
}

/** Our send id, as the dispatcher tags every Resend email with it. */
export const SEND_ID_TAG = 'send_id';

/**
 * Applies the stored event `eventId` once. Returns null when there is no such event, and an outcome
 * saying "already applied" when it was processed before (a replay, a second job).
 */
export async function applyEmailEvent(services: ApplyServices, eventId: string): Promise<AppliedEmailEvent | null> {
  const stored = await findEmailWebhookEvent(services.sql, eventId);
  if (!stored) return null;
  const parsed = ZResendEvent.safeParse(stored.payload);
  // The provider call (an inbound email's content) is made before the transaction, never inside it.
  const content = parsed.success && parsed.data.type === 'email.received' && stored.processedAt === null ? await receivedContent(services, parsed.data) : null;
  return services.sql.begin(async (tx) => {
    const event = await lockEmailWebhookEvent(tx, eventId);
    if (!event) return null;
    if (event.processedAt !== null) return nothingDone('Already applied.', event.workspaceId);
    const applied = parsed.success
      ? await applyParsed(tx, services.log, { id: event.id, receivedAt: event.receivedAt, body: parsed.data, content })
      : nothingDone(`Not applied: the payload is not a Resend event (${parsed.error.issues[0]?.message ?? 'unreadable'}).`, null);
    await markEmailWebhookEventProcessed(tx, { id: event.id, workspaceId: applied.workspaceId, outcome: applied.outcome });
    return applied;
  });
}

function nothingDone(outcome: string, workspaceId: string | null): AppliedEmailEvent {
  return { outcome, workspaceId, campaigns: [], leadsChanged: false, pausedMailboxIds: [] };
}

async function receivedContent(services: ApplyServices, body: ResendEvent): Promise<ReceivedEmailContent | null> {
  const { data } = body;
  if (data.headers || data.text) return { text: data.text ?? null, html: data.html ?? null, headers: data.headers ?? {} };
  if (!data.email_id || !services.readReceivedEmail) return null;
  return services.readReceivedEmail(data.email_id);
}

interface EventToApply {
  id: string;
  receivedAt: Date;
  body: ResendEvent;
  content: ReceivedEmailContent | null;
}

async function applyParsed(tx: TransactionSql, log: Logger, event: EventToApply): Promise<AppliedEmailEvent> {
  const { body } = event;
  const at = eventTime(body, event.receivedAt);
  if (body.type === 'email.received') return applyInbound(tx, log, event, at);
  const send = await sendOf(tx, body);
  if (!send) return nothingDone(`No send matches this event (email id ${body.data.email_id ?? 'missing'}); nothing to apply.`, null);
  const changed = (outcome: string, more: Partial<AppliedEmailEvent> = {}): AppliedEmailEvent => ({
    outcome,
    workspaceId: send.workspaceId,
    campaigns: [{ workspaceId: send.workspaceId, campaignId: send.campaignId }],
    leadsChanged: false,
    pausedMailboxIds: [],
    ...more,
  });
  switch (body.type) {
    case 'email.delivered':
    case 'email.delivery_delayed': {
      const delivery = body.type === 'email.delivered' ? 'delivered' : 'delivery_delayed';
      const moved = await recordSendDelivery(tx, { sendId: send.id, event: delivery, at });
      return changed(moved ? `Send ${send.id}: ${delivery}.` : `Send ${send.id}: already ${send.delivery}; ${delivery} changes nothing.`);
    }
    case 'email.opened':
    case 'email.clicked': {
      const what = body.type === 'email.opened' ? 'opened' : 'clicked';
      const first = await recordSendDelivery(tx, { sendId: send.id, event: what, at });
      return changed(first ? `Send ${send.id}: first ${what}.` : `Send ${send.id}: ${what} before; the first time is kept.`);
    }
    case 'email.bounced': {
      if (bounceKind(body.data.bounce) === 'soft') {
        // A transient bounce may still deliver on the provider's retry: recorded as a delay, nothing suppressed.
        await recordSendDelivery(tx, { sendId: send.id, event: 'delivery_delayed', at });
        return changed(`Send ${send.id}: soft bounce (${body.data.bounce?.type ?? 'no type'}) recorded as delayed.`);
      }
      return changed(...(await stopForAddress(tx, log, send, { delivery: 'bounced', at, source: 'bounce', stopReason: 'bounced', leadEvent: 'mark_bounced', why: body.data.bounce?.message })));
    }
    case 'email.complained':
      return changed(...(await stopForAddress(tx, log, send, { delivery: 'complained', at, source: 'complaint', stopReason: 'complained', leadEvent: null, why: 'Marked the email as spam.' })));
    default:
      return changed(`Send ${send.id}: ${body.type} is not applied.`);
  }
}

/**
 * A hard bounce or a complaint: the send records it, the address is never emailed again by this
 * workspace, the lead's sequences stop (waiting sends canceled), the lead moves on when its state
 * allows, and the mailbox is paused when its health says so.
 */
async function stopForAddress(
  tx: TransactionSql,
  log: Logger,
  send: SendRow,
  input: { delivery: 'bounced' | 'complained'; at: Date; source: 'bounce' | 'complaint'; stopReason: EnrolmentStopReason; leadEvent: LeadEvent | null; why: string | undefined },
): Promise<[string, Partial<AppliedEmailEvent>]> {
  const moved = await recordSendDelivery(tx, { sendId: send.id, event: input.delivery, at: input.at });
  // Provider events come only for email sends, which always have an address.
  if (send.toAddress) await addSuppression(tx, { workspaceId: send.workspaceId, kind: 'email', value: send.toAddress, source: input.source, reason: input.why?.slice(0, 500) ?? null, sendId: send.id });
  const stopped = await stopLeadEnrolments(tx, { workspaceId: send.workspaceId, leadIds: [send.leadId], reason: input.stopReason });
  const lead = input.leadEvent ? await transitionLeads(tx, { workspaceId: send.workspaceId, event: input.leadEvent, target: { ids: [send.leadId] }, changedBy: null }) : null;
  const paused = moved && send.mailboxId ? await pauseUnhealthyMailbox(tx, log, send.workspaceId, send.mailboxId) : null;
  const summary = [
    `Send ${send.id}: ${input.delivery}${moved ? '' : ' (already recorded)'}`,
    `${send.toAddress} suppressed (${input.source})`,
    `${stopped.enrolmentIds.length} enrolment(s) stopped, ${stopped.canceledSendIds.length} waiting send(s) canceled`,
    ...(paused ? [`mailbox ${paused} paused`] : []),
  ].join('; ');
  const campaignIds = [...new Set([send.campaignId, ...stopped.campaignIds])];
  return [
    `${summary}.`,
    {
      campaigns: campaignIds.map((campaignId) => ({ workspaceId: send.workspaceId, campaignId })),
      leadsChanged: (lead?.changed.length ?? 0) > 0,
      pausedMailboxIds: paused ? [paused] : [],
    },
  ];
}

/** Pauses the mailbox (with core's reason) when its last sends bounced or drew complaints past the limits. */
async function pauseUnhealthyMailbox(tx: TransactionSql, log: Logger, workspaceId: string, mailboxId: string): Promise<string | null> {
  const health = mailboxHealth(await mailboxSendOutcomes(tx, workspaceId, mailboxId, MAILBOX_HEALTH_WINDOW_SENDS));
  if (health.healthy) return null;
  const paused = await setMailboxStatus(tx, workspaceId, mailboxId, { from: mailboxStatusesAllowing('pause'), to: transitionMailbox('active', 'pause'), reason: health.reason, by: null });
  if (!paused) return null;
  log.warn({ workspaceId, mailboxId, rule: health.rule, reason: health.reason }, 'mailbox paused by its health');
  return mailboxId;
}

/** The send an event names: by the provider's message id, else by our send id tag. */
async function sendOf(tx: TransactionSql, body: ResendEvent): Promise<SendRow | null> {
  if (body.data.email_id) {
    const send = await findSendByProviderMessage(tx, 'resend', body.data.email_id);
    if (send) return send;
  }
  const tags = body.data.tags;
  const sendId = Array.isArray(tags) ? tags.find((tag) => tag.name === SEND_ID_TAG)?.value : tags?.[SEND_ID_TAG];
  return sendId ? findSendForWebhook(tx, sendId) : null;
}

function eventTime(body: ResendEvent, fallback: Date): Date {
  for (const candidate of [body.data.created_at, body.created_at]) {
    const at = candidate ? new Date(candidate) : null;
    if (at && !Number.isNaN(at.getTime())) return at;
  }
  return fallback;
}

const REPLY_EFFECTS: Readonly<Record<ReplyKind, { stopReason: EnrolmentStopReason; leadEvent: LeadEvent } | null>> = Object.freeze({
  reply: { stopReason: 'replied', leadEvent: 'mark_replied' },
  unsubscribe_request: { stopReason: 'unsubscribed', leadEvent: 'mark_unsubscribed' },
  // An auto-reply is not the person answering: the sequence goes on.
  out_of_office: null,
});

/**
 * An inbound email: matched to the send it answers by In-Reply-To / References, else to the live
 * enrolments writing to its sender from the mailbox it was sent to. It goes on the lead's timeline
 * either way; a reply stops the lead's sequences and marks the lead replied, an unsubscribe request
 * also suppresses the sender, an out-of-office changes nothing else.
 */
async function applyInbound(tx: TransactionSql, log: Logger, event: EventToApply, at: Date): Promise<AppliedEmailEvent> {
  const { data } = event.body;
  const headers = event.content?.headers ?? {};
  const sender = mailAddressOf(data.from ?? '');
  if (!sender) return nothingDone('Inbound email without a sender address; nothing to apply.', null);
  const answered = await findSendByMessageId(tx, referencedMessageIds(headers));
  const matches = answered
    ? [{ workspaceId: answered.workspaceId, leadId: answered.leadId, sendId: answered.id as string | null }]
    : uniqueLeads(await findLiveEnrolmentsBySender(tx, { senderEmail: sender, mailboxAddresses: (data.to ?? []).flatMap((to) => mailAddressOf(to) ?? []) }));
  if (matches.length === 0) return nothingDone(`Inbound email from ${sender} answers no send and no live enrolment; nothing to apply.`, null);

  const subject = data.subject ?? '';
  const text = replyTextOf(event.content);
  const kind = classifyReply({ subject, headers, text });
  const effect = REPLY_EFFECTS[kind];
  const campaigns: ChangedCampaign[] = [];
  let leadsChanged = false;
  const notes: string[] = [];
  for (const match of matches) {
    // One inbound email may match a lead in two workspaces' mailboxes: each gets its own timeline entry.
    const providerEventId = matches.length === 1 ? (data.email_id ?? event.id) : `${data.email_id ?? event.id}:${match.workspaceId}:${match.leadId}`;
    await addLeadMessage(tx, { workspaceId: match.workspaceId, leadId: match.leadId, sendId: match.sendId, direction: 'inbound', kind, fromAddress: sender, subject, text, receivedAt: at, providerEventId });
    if (!effect) {
      notes.push(`lead ${match.leadId}: ${kind}, sequence goes on`);
      continue;
    }
    if (kind === 'unsubscribe_request') {
      await addSuppression(tx, { workspaceId: match.workspaceId, kind: 'email', value: sender, source: 'unsubscribe', reason: 'Asked by reply to stop.', sendId: match.sendId });
    }
    const stopped = await stopLeadEnrolments(tx, { workspaceId: match.workspaceId, leadIds: [match.leadId], reason: effect.stopReason });
    const lead = await transitionLeads(tx, { workspaceId: match.workspaceId, event: effect.leadEvent, target: { ids: [match.leadId] }, changedBy: null });
    leadsChanged ||= lead.changed.length > 0;
    for (const campaignId of stopped.campaignIds) campaigns.push({ workspaceId: match.workspaceId, campaignId });
    notes.push(`lead ${match.leadId}: ${kind}, ${stopped.enrolmentIds.length} enrolment(s) stopped, ${stopped.canceledSendIds.length} waiting send(s) canceled`);
  }
  log.info({ eventId: event.id, kind, leads: matches.map((match) => match.leadId), matchedBy: answered ? 'message_id' : 'sender' }, 'inbound email applied');
  return { outcome: `Inbound ${kind} matched by ${answered ? 'In-Reply-To/References' : 'sender'}: ${notes.join('; ')}.`, workspaceId: matches[0]!.workspaceId, campaigns, leadsChanged, pausedMailboxIds: [] };
}

function uniqueLeads(matches: { workspaceId: string; leadId: string }[]): { workspaceId: string; leadId: string; sendId: string | null }[] {
  const seen = new Map<string, { workspaceId: string; leadId: string; sendId: string | null }>();
  for (const match of matches) seen.set(`${match.workspaceId}:${match.leadId}`, { workspaceId: match.workspaceId, leadId: match.leadId, sendId: null });
  return [...seen.values()];
}
