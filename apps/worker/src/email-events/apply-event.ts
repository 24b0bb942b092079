// Applies one stored webhook event in Resend's format (Resend's own, or the sandbox recipient's, stored
// under provider 'sandbox') to the send it speaks of (delivery, bounce, complaint, open,
// click) or, for an inbound email, to the lead it answers. Everything an event changes, and the event's
// processed mark, commit together: a replay, a second job or a crash half-way changes nothing twice.
import {
  bounceKind,
  MAILBOX_HEALTH_WINDOW_SENDS,
  mailboxHealth,
  mailboxStatusesAllowing,
  resendSendReference,
  transitionMailbox,
  type EnrolmentStopReason,
  type LeadEvent,
} from '@switchboard/core';
import type { Logger } from '@switchboard/core/logging';
import {
  addSuppression,
  appendAudit,
  findEmailWebhookEvent,
  findSendByProviderMessage,
  findSendForWebhook,
  lockEmailWebhookEvent,
  mailboxSendOutcomes,
  markEmailWebhookEventProcessed,
  recordSendDelivery,
  setMailboxStatus,
  stopLeadEnrolments,
  transitionLeads,
  type EmailWebhookProvider,
  type SendRow,
  type Sql,
  type TransactionSql,
} from '@switchboard/db';
import { z } from 'zod';
import type { ReadReceivedEmail, ReceivedEmailContent } from '../adapters/email/resend-inbound.ts';
import { nothingDone, type AppliedEmailEvent } from './applied.ts';
import { applyInboundEmail } from './apply-inbound.ts';

export type { AppliedEmailEvent, ChangedCampaign } from './applied.ts';


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

interface ApplyServices {
  sql: Sql;
  log: Logger;
  /** Needed only for inbound emails whose payload has no content. */
  readReceivedEmail?: ReadReceivedEmail | undefined;
}

export { SEND_ID_TAG } from '@switchboard/core';

/**
 * Applies the stored event `eventId` once. Returns null when there is no such event, and an outcome
 * saying "already applied" when it was processed before (a replay, a second job).
 */
export async function applyEmailEvent(services: ApplyServices, eventId: string): Promise<AppliedEmailEvent | null> {
  const stored = await findEmailWebhookEvent(services.sql, eventId);
  if (!stored) return null;
  const parsed = ZResendEvent.safeParse(stored.payload);
  // The provider call (an inbound email's content) is made before the transaction, never inside it.
  const content = parsed.success && parsed.data.type === 'email.received' && stored.processedAt === null ? await receivedContent(services, stored.provider, parsed.data) : null;
  return services.sql.begin(async (tx) => {
    const event = await lockEmailWebhookEvent(tx, eventId);
    if (!event) return null;
    if (event.processedAt !== null) return nothingDone('Already applied.', event.workspaceId);
    const applied = parsed.success
      ? await applyParsed(tx, services.log, { id: event.id, provider: event.provider, simulated: simulatedEvent(event), receivedAt: event.receivedAt, body: parsed.data, content })
      : nothingDone(`Not applied: the payload is not a Resend event (${parsed.error.issues[0]?.message ?? 'unreadable'}).`, null);
    await markEmailWebhookEventProcessed(tx, { id: event.id, workspaceId: applied.workspaceId, outcome: applied.outcome });
    return applied;
  });
}

async function receivedContent(services: ApplyServices, provider: EmailWebhookProvider, body: ResendEvent): Promise<ReceivedEmailContent | null> {
  const { data } = body;
  if (data.headers || data.text) return { text: data.text ?? null, html: data.html ?? null, headers: data.headers ?? {} };
  // Resend has nothing to say about an email the sandbox recipient made up.
  if (!data.email_id || !services.readReceivedEmail || provider !== 'resend') return null;
  return services.readReceivedEmail(data.email_id);
}

/**
 * The sandbox recipient's event: stored under provider 'sandbox', or (stored before migration 0051) under
 * 'resend' with its 'sandbox:<send id>:<event>' key, which no svix id looks like.
 */
function simulatedEvent(event: { provider: EmailWebhookProvider; providerEventId: string }): boolean {
  return event.provider === 'sandbox' || event.providerEventId.startsWith('sandbox:');
}

interface EventToApply {
  id: string;
  provider: EmailWebhookProvider;
  simulated: boolean;
  receivedAt: Date;
  body: ResendEvent;
  content: ReceivedEmailContent | null;
}

async function applyParsed(tx: TransactionSql, log: Logger, event: EventToApply): Promise<AppliedEmailEvent> {
  const { body } = event;
  const at = eventTime(body, event.receivedAt);
  if (body.type === 'email.received') return applyInbound(tx, log, event, at);
  const send = await sendOf(tx, event.provider, body);
  if (!send) return nothingDone(`No send matches this event (email id ${body.data.email_id ?? 'missing'}); nothing to apply.`, null);
  const changed = (outcome: string, more: Partial<AppliedEmailEvent> = {}): AppliedEmailEvent => ({
    outcome,
    workspaceId: send.workspaceId,
    campaigns: [{ workspaceId: send.workspaceId, campaignId: send.campaignId }],
    leadsChanged: false,
    pausedMailboxIds: [],
    messages: [],
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
  // The api's audit helper records what a signed-in member did; this pause is no one's, so the worker
  // appends it itself, as "system", in the transaction that paused the mailbox (same action as a manual pause).
  await appendAudit(tx, {
    workspaceId,
    actorUserId: null,
    actorLabel: 'system',
    action: 'mailbox.pause',
    targetType: 'mailbox',
    targetId: mailboxId,
    summary: { fromAddress: paused.fromAddress, from: 'active', to: 'paused', reason: health.reason, rule: health.rule },
  });
  log.warn({ workspaceId, mailboxId, rule: health.rule, reason: health.reason }, 'mailbox paused by its health');
  return mailboxId;
}

/** The send an event names: by the message id its provider (Resend, or the sandbox's outbox) gave it, else by our send id tag. */
async function sendOf(tx: TransactionSql, provider: EmailWebhookProvider, body: ResendEvent): Promise<SendRow | null> {
  const { emailId, sendId } = resendSendReference(body.data);
  if (emailId) {
    const send = await findSendByProviderMessage(tx, provider, emailId);
    if (send) return send;
  }
  return sendId ? findSendForWebhook(tx, sendId) : null;
}

function eventTime(body: ResendEvent, fallback: Date): Date {
  for (const candidate of [body.data.created_at, body.created_at]) {
    const at = candidate ? new Date(candidate) : null;
    if (at && !Number.isNaN(at.getTime())) return at;
  }
  return fallback;
}

/** An inbound email through the one reply path (the IMAP poller uses it too); Resend's names no workspace. */
function applyInbound(tx: TransactionSql, log: Logger, event: EventToApply, at: Date): Promise<AppliedEmailEvent> {
  const { data } = event.body;
  return applyInboundEmail(tx, log, {
    eventKey: data.email_id ?? event.id,
    from: data.from ?? '',
    to: data.to ?? [],
    subject: data.subject ?? '',
    headers: event.content?.headers ?? {},
    text: event.content?.text ?? null,
    html: event.content?.html ?? null,
    receivedAt: at,
    workspaceId: null,
    simulated: event.simulated,
  });
}
