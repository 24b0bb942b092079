import { storeSandboxRecipientEvent } from '../email-events/sandbox-recipient.ts';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * One simulated recipient event for a campaign email the sandbox outbox took (queued by email.dispatch or
 * email.sandbox-sweep, to start when it is due): stored once as a webhook event of provider 'sandbox' and
 * applied by email.webhook, so a retry or a second run applies nothing twice. Does nothing in a worker
 * without the sandbox recipient.
 */
export const emailSandboxRecipientJob = defineQueueJob('email.sandbox-recipient', {
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  expireInSeconds: 60,
  async handler(payload, { sql, log, enqueue, sandboxRecipient }) {
    if (!sandboxRecipient) return log.warn(payload, 'sandbox recipient is off in this worker; event not simulated');
    const eventId = await storeSandboxRecipientEvent({ sql, log, enqueue }, sandboxRecipient, payload);
    if (eventId) log.info({ ...payload, eventId }, 'sandbox recipient event stored');
  },
});
