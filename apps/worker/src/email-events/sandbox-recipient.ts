// The sandbox recipient: campaign emails the local outbox took get what a provider and a person would
// send back (delivered, bounced, opened, a reply …), drawn from SANDBOX_EMAIL_SEED and the send. Each
// event is stored once as a webhook event in Resend's format, under provider 'sandbox' (by a key made of
// the send and the event), and applied by the email.webhook job, as a real one is: nothing here changes a
// send, a lead or a sequence itself.
import { planSandboxRecipient, sandboxRecipientEventBody, type SandboxRecipientEvent } from '@switchboard/core';
import type { Logger } from '@switchboard/core/logging';
import { findEmailWebhookEventId, findSend, getMailbox, storeEmailWebhookEvent, type JobEnqueue, type Sql } from '@switchboard/db';

/** SANDBOX_EMAIL_SEED and SANDBOX_EMAIL_TIME_SCALE. */
export interface SandboxRecipientSettings {
  seed: number;
  timeScale: number;
}

/**
 * Queues the planned events of sandbox sends, each to start when it is due counted from the send's
 * `sentAt` (from `now` for sends the outbox just took); an event already due starts at once.
 */
export async function scheduleSandboxRecipient(
  enqueue: JobEnqueue,
  settings: SandboxRecipientSettings,
  sends: readonly { workspaceId: string; sendId: string; sentAt?: Date }[],
  now = Date.now(),
): Promise<number> {
  let queued = 0;
  for (const { workspaceId, sendId, sentAt } of sends) {
    const from = sentAt?.getTime() ?? now;
    for (const { event, afterMs } of planSandboxRecipient({ seed: settings.seed, sendId, timeScale: settings.timeScale })) {
      await enqueue('email.sandbox-recipient', { workspaceId, sendId, event }, { startAfter: new Date(from + afterMs) });
      queued += 1;
    }
  }
  return queued;
}

/**
 * Stores the event (or finds it stored by an earlier run of this job) and queues email.webhook to apply
 * it; returns the stored event's id, or null when the send is not one the sandbox outbox took.
 */
export async function storeSandboxRecipientEvent(
  services: { sql: Sql; log: Logger; enqueue: JobEnqueue },
  settings: SandboxRecipientSettings,
  input: { workspaceId: string; sendId: string; event: SandboxRecipientEvent },
): Promise<string | null> {
  const { sql, log } = services;
  const send = await findSend(sql, input.workspaceId, input.sendId);
  // Only an email the outbox took: a send that went through a live provider hears from that provider.
  if (!send || send.provider !== 'sandbox' || send.status !== 'sent' || !send.toAddress || !send.messageId) {
    log.warn({ ...input, provider: send?.provider ?? null, status: send?.status ?? null }, 'no sandbox send to simulate an event for');
    return null;
  }
  const mailbox = send.mailboxId ? await getMailbox(sql, input.workspaceId, send.mailboxId) : null;
  const facts = {
    sendId: send.id,
    providerMessageId: send.providerMessageId,
    messageId: send.messageId,
    toAddress: send.toAddress,
    fromAddress: mailbox?.fromAddress ?? 'sandbox@localhost',
    subject: send.subject ?? '',
  };
  const payload = sandboxRecipientEventBody(input.event, facts, new Date(), settings.seed);
  // Stored under provider 'sandbox' (not Resend's, whose format the body borrows): no one takes it for a provider's event.
  const key = { provider: 'sandbox' as const, providerEventId: `sandbox:${send.id}:${input.event}` };
  const stored = await storeEmailWebhookEvent(sql, { ...key, type: payload.type, payload, send: { emailId: send.providerMessageId, sendId: send.id } });
  const eventId = stored.stored ? stored.id : await findEmailWebhookEventId(sql, key);
  if (!eventId) throw new Error(`sandbox event ${key.providerEventId} was neither stored nor found`);
  // Applying is idempotent (the event row is marked processed with its effects), so queuing it again on a retry changes nothing twice.
  await services.enqueue('email.webhook', { eventId, workspaceId: input.workspaceId });
  return eventId;
}
