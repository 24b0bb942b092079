// One campaign send, from its row to the provider: suppression, mailbox rotation, the recipient's send
// window and the mailbox's limits are checked first; the row moves to `sending` (committed) before the
// provider is called with the send's idempotency key; the outcome is recorded by the state machine.
import {
  isWithinSendWindow,
  nextSendAttempt,
  nextWindowOpening,
  pickMailbox,
  recipientTimeZone,
  sendWindowFromStored,
  unsubscribeUrl,
  withOpening,
  ZSequence,
  type EmailStep,
  type Logger,
} from '@switchboard/core';
import { createUnsubscribeToken } from '@switchboard/core/suppression';
import { htmlFromText, renderEmail, templateContextOf } from '@switchboard/core/templates';
import {
  campaignSendingMailboxes,
  claimSendForSending,
  deferSend,
  findSend,
  markSendFailed,
  markSendRetrying,
  markSendSent,
  releaseMailboxSlot,
  reserveMailboxSlot,
  sendContext,
  stopLeadEnrolments,
  suppressedAddresses,
  type ProviderKeyResolver,
  type SendContext,
  type SendingMailbox,
  type Sql,
} from '@switchboard/db';
import { writeOpening, type AiWriterFor } from '../adapters/ai-writer/index.ts';
import { composeEmailSender, emailSenderForWorkspace, isEmailFailure, type EmailSender, type MarketingEmailMessage } from '../adapters/email/index.ts';

// When nothing can send this email now (no mailbox, no key to sign its unsubscribe link), look again later.
const BLOCKED_RETRY_MS = 15 * 60_000;

export interface DispatchServices {
  sql: Sql;
  log: Logger;
  providerKey: ProviderKeyResolver;
  aiWriter: AiWriterFor;
  publicUrl: string;
  /** Signs unsubscribe links; null without SWITCHBOARD_SECRET, and then no campaign email can go. */
  unsubscribeKey: Buffer | null;
  /** The sender for a workspace and mailbox provider (tests pass one pointed at a fake). */
  senderFor?: (workspaceId: string, mailbox: SendingMailbox) => Promise<EmailSender>;
  resendBaseUrl?: string | undefined;
  emailFrom: string;
}

export type DispatchOutcome = 'sent' | 'retrying' | 'failed' | 'deferred' | 'stopped' | 'skipped';

export async function dispatchSend(services: DispatchServices, send: { workspaceId: string; id: string }, now = new Date()): Promise<DispatchOutcome> {
  const { sql } = services;
  const log = services.log.child({ sendId: send.id, workspaceId: send.workspaceId });
  const context = await sendContext(sql, send.workspaceId, send.id);
  if (!context || (context.status !== 'queued' && context.status !== 'retrying')) return 'skipped';
  const defer = async (until: Date, reason: string): Promise<DispatchOutcome> => {
    await deferSend(sql, { workspaceId: send.workspaceId, sendId: send.id, notBefore: until, reason });
    return 'deferred';
  };

  if ((await suppressedAddresses(sql, send.workspaceId, [context.toAddress])).size > 0) {
    await stopLeadEnrolments(sql, { workspaceId: send.workspaceId, leadIds: [context.leadId], reason: 'suppressed' });
    log.info('recipient is on the suppression list: sequence stopped');
    return 'stopped';
  }
  const step = emailStepOf(context);
  if (!step) return defer(new Date(now.getTime() + BLOCKED_RETRY_MS), 'The campaign sequence no longer has this email step.');
  if (!services.unsubscribeKey) return defer(new Date(now.getTime() + BLOCKED_RETRY_MS), 'Set SWITCHBOARD_SECRET: campaign emails need a signed unsubscribe link.');

  const usable = await usableMailboxes(services, context);
  const mailbox = chooseMailbox(usable, context);
  if (!mailbox) return defer(new Date(now.getTime() + BLOCKED_RETRY_MS), 'No active mailbox with room in this campaign: add one or raise its limits.');
  const window = sendWindowFromStored(mailbox);
  const zone = recipientTimeZone(context.lead, context.campaignTimeZone);
  if (!window) return defer(new Date(now.getTime() + BLOCKED_RETRY_MS), `Mailbox ${mailbox.fromAddress} has no whole sending hour in its window.`);
  if (!isWithinSendWindow(window, zone, now)) return defer(nextWindowOpening(window, zone, now), `Outside the send window (${zone}).`);

  const slot = await reserveMailboxSlot(sql, { workspaceId: send.workspaceId, mailboxId: mailbox.id, sendKey: context.idempotencyKey, now });
  if (!slot.reserved) {
    if (slot.reason === 'limit') return defer(slot.retryAt, `Mailbox ${mailbox.fromAddress} is at its limit.`);
    return defer(new Date(now.getTime() + BLOCKED_RETRY_MS), `Mailbox ${mailbox.fromAddress} cannot send (${slot.reason}).`);
  }
  if (slot.mailboxId !== mailbox.id) {
    // An attempt of this send holds its slot on another mailbox, and the provider may already have this
    // key from there: it goes from that mailbox or not at all (Resend refuses one key with another sender).
    if (usable.some((candidate) => candidate.id === slot.mailboxId)) return 'skipped';
    return defer(new Date(now.getTime() + BLOCKED_RETRY_MS), 'An earlier attempt of this email reserved a mailbox that cannot send now.');
  }
  const message = await composeMessage(services, context, step, mailbox, log);

  const sender = services.senderFor ? await services.senderFor(send.workspaceId, mailbox) : await senderForMailbox(services, send.workspaceId, mailbox);
  // The commit of this move is what makes the provider call safe to make once; the provider it names
  // decides what a restart does with a send left here (recoverStuckSends).
  const claimed = await claimSendForSending(sql, { workspaceId: send.workspaceId, sendId: send.id, now, mailboxId: mailbox.id, provider: sender.provider });
  if (!claimed) {
    // Give the slot back only if no attempt ever took this send to a provider: when another process
    // claimed it first, the slot is the one its email counts on.
    const current = await findSend(sql, send.workspaceId, send.id);
    if (current?.attempts === 0) await releaseMailboxSlot(sql, { workspaceId: send.workspaceId, sendKey: context.idempotencyKey });
    return 'skipped';
  }
  try {
    const sent = await sender.send(message, { sql, deliveryId: null, sendId: send.id, workspaceId: send.workspaceId, recipientWorkspaceIds: [send.workspaceId] });
    await markSendSent(sql, { workspaceId: send.workspaceId, sendId: send.id, provider: sent.provider ?? sender.provider, providerMessageId: sent.providerMessageId, subject: message.subject, now: new Date() });
    return 'sent';
  } catch (error) {
    if (!isEmailFailure(error)) throw error;
    const decision = nextSendAttempt({ attempts: claimed.attempts, errorKind: error.retriable ? 'retriable' : 'permanent', retryAfterS: error.retryAfterSeconds ?? undefined, now: new Date() });
    const reason = `${error.provider ?? sender.provider}: ${error.reason}`;
    if (decision.outcome === 'retry') {
      await markSendRetrying(sql, { workspaceId: send.workspaceId, sendId: send.id, notBefore: decision.at, failure: reason });
      log.warn({ reason, retryAt: decision.at }, 'send will be retried');
      return 'retrying';
    }
    // Refused before the provider took it: the slot did not reach anyone's inbox.
    if (error.name === 'EmailRefused') await releaseMailboxSlot(sql, { workspaceId: send.workspaceId, sendKey: context.idempotencyKey });
    await markSendFailed(sql, { workspaceId: send.workspaceId, sendId: send.id, failure: reason });
    log.warn({ reason }, 'send failed');
    return 'failed';
  }
}

function emailStepOf(context: SendContext): EmailStep | null {
  const parsed = ZSequence.safeParse(context.sequence);
  const step = parsed.success ? parsed.data.steps.find((candidate) => candidate.id === context.stepId) : undefined;
  return step?.type === 'email' ? step : null;
}

async function usableMailboxes(services: DispatchServices, context: SendContext): Promise<SendingMailbox[]> {
  return (await campaignSendingMailboxes(services.sql, context.workspaceId, context.campaignId)).filter((mailbox) => mailbox.status === 'active' && mailbox.postalAddress);
}

/**
 * The mailbox an earlier attempt of this send reserved (a retry must repeat the same request), else the
 * thread's mailbox when it can still send, else the rotation's one with the most room.
 */
function chooseMailbox(usable: SendingMailbox[], context: SendContext): SendingMailbox | null {
  const sticky = usable.find((mailbox) => mailbox.id === context.slotMailboxId) ?? usable.find((mailbox) => mailbox.id === context.enrolmentMailboxId);
  if (sticky) return sticky;
  return pickMailbox(
    usable.map((mailbox) => ({
      ...mailbox,
      limits: { perMinute: mailbox.limitPerMinute, perHour: mailbox.limitPerHour, perDay: mailbox.limitPerDay },
      used: { minute: mailbox.usedMinute, hour: mailbox.usedHour, day: mailbox.usedDay },
    })),
  );
}

async function composeMessage(services: DispatchServices, context: SendContext, step: EmailStep, mailbox: SendingMailbox, log: Logger): Promise<MarketingEmailMessage> {
  const token = createUnsubscribeToken(services.unsubscribeKey!, { workspaceId: context.workspaceId, email: context.toAddress, sendId: context.sendId });
  const url = unsubscribeUrl(services.publicUrl, token);
  const rendered = renderEmail(step, templateContextOf(context.lead, { ...context.contact, email: context.toAddress }, mailbox, url));
  let { subject, text } = rendered;
  let html = rendered.html;
  if (step.aiPersonalise) {
    const writing = await writeOpening(
      { sql: services.sql, log, aiWriter: services.aiWriter },
      { workspaceId: context.workspaceId, leadId: context.leadId, stepKey: context.stepId, templateVersion: `v${context.sequenceVersion}`, templateSubject: subject, stepNumber: context.stepPosition + 1 },
    );
    if (!writing.fallback) {
      subject = writing.subject;
      text = withOpening(text, writing.opening);
      html = htmlFromText(text.trimEnd());
    }
  }
  return {
    to: context.toAddress,
    subject,
    text,
    html,
    from: { name: mailbox.fromName, address: mailbox.fromAddress },
    messageId: context.messageId,
    idempotencyKey: context.idempotencyKey,
    unsubscribe: { url, mailto: `mailto:${mailbox.fromAddress}?subject=unsubscribe` },
    tags: { send_id: context.sendId },
  };
}

/** The mailbox's provider for this workspace: SMTP alone for an SMTP mailbox that has an SMTP URL, else Resend (SMTP as its fallback) or the sandbox. */
async function senderForMailbox(services: DispatchServices, workspaceId: string, mailbox: SendingMailbox): Promise<EmailSender> {
  if (mailbox.provider === 'smtp') {
    const smtp = await services.providerKey(workspaceId, 'smtp');
    if (smtp?.fields.url) return composeEmailSender({ smtpUrl: smtp.fields.url, from: services.emailFrom });
  }
  return emailSenderForWorkspace(services.providerKey, workspaceId, { from: services.emailFrom, resendBaseUrl: services.resendBaseUrl });
}
