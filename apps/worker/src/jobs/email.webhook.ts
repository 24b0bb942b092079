import { resendReceivedEmails } from '../adapters/email/resend-inbound.ts';
import { applyEmailEvent } from '../email-events/apply-event.ts';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * Applies a stored provider webhook event (delivered, bounced, complained, opened, clicked, received).
 * Applying is idempotent: the event row is locked and marked processed in the same transaction as its
 * effects, so a retry or a second job finds it done. Boards and lead lists refresh over live events.
 */
export const emailWebhookJob = defineQueueJob('email.webhook', {
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
  async handler(payload, { sql, log, publish, providerKey, baseUrls }) {
    // An inbound email names no workspace: its content is read with the environment's Resend key.
    const readReceivedEmail = async (emailId: string) => {
      const key = await providerKey(null, 'resend');
      return key ? resendReceivedEmails({ apiKey: key.fields.apiKey, baseUrl: baseUrls.resend })(emailId) : null;
    };
    const applied = await applyEmailEvent({ sql, log, readReceivedEmail }, payload.eventId);
    if (!applied) return log.warn({ eventId: payload.eventId }, 'email webhook event not found; nothing to apply');
    log.info({ eventId: payload.eventId, workspaceId: applied.workspaceId, campaigns: applied.campaigns.length, pausedMailboxIds: applied.pausedMailboxIds }, 'email webhook event applied');
    for (const { workspaceId, messageId, leadId } of applied.messages) await publish(workspaceId, 'inbox.message', { messageId, leadId });
    for (const mailboxId of applied.pausedMailboxIds) await publish(applied.workspaceId, 'mailboxes.changed', { mailboxId });
    const campaigns = new Map(applied.campaigns.map((campaign) => [campaign.campaignId, campaign]));
    for (const { workspaceId, campaignId } of campaigns.values()) {
      await publish(workspaceId, 'outreach.changed', { campaignId });
      if (applied.leadsChanged) await publish(workspaceId, 'leads.changed', { campaignId, count: 1 });
    }
  },
});
