import { findEmailWebhookEvent } from '@switchboard/db';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * Applies a stored provider webhook event (delivered, bounced, complained, opened, clicked, received).
 * Not built yet: the send state machine and suppression it would drive are being built beside it, so
 * this only reads the row and logs what arrived. It leaves processed_at unset, so every stored event
 * is still there to apply once the handler is written.
 */
export const emailWebhookJob = defineQueueJob('email.webhook', {
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
  async handler(payload, { sql, log }) {
    const event = await findEmailWebhookEvent(sql, payload.eventId);
    if (!event) return log.warn({ eventId: payload.eventId }, 'email webhook event not found; nothing to apply');
    log.info({ eventId: event.id, provider: event.provider, type: event.type }, 'email webhook event stored; applying events is not built yet');
  },
});
