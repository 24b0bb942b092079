import { pollAllMailboxes } from '../inbox/poll-all.ts';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * Every minute: each mailbox with IMAP set is read for replies since the last poll, through the same
 * reply path as Resend's inbound webhook. A poll that fails is the next poll's work: each message and
 * the cursor past it commit together, and a message processed once is never processed again.
 */
export const inboxPollJob = defineQueueJob('inbox.poll', {
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  retentionSeconds: 300,
  schedule: { cron: '* * * * *', tz: 'UTC', payload: {} },
  async handler(_payload, { sql, log, keyCheck, openMailboxPassword, publish }) {
    const outcomes = await pollAllMailboxes({ sql, log, openPassword: openMailboxPassword, allowPrivateHosts: keyCheck.smtpAllowPrivateHosts, lookup: keyCheck.lookup });
    const applied = outcomes.flatMap((outcome) => outcome.applied);
    const failed = outcomes.filter((outcome) => outcome.status !== 'ok').length;
    if (applied.length > 0 || failed > 0) log.info({ mailboxes: outcomes.length, replies: applied.length, failed }, 'inboxes polled');
    const campaigns = new Map<string, { workspaceId: string; campaignId: string; leadsChanged: boolean }>();
    for (const event of applied) {
      for (const { workspaceId, campaignId } of event.campaigns) {
        const seen = campaigns.get(campaignId);
        campaigns.set(campaignId, { workspaceId, campaignId, leadsChanged: (seen?.leadsChanged ?? false) || event.leadsChanged });
      }
    }
    for (const { workspaceId, messageId, leadId } of applied.flatMap((event) => event.messages)) await publish(workspaceId, 'inbox.message', { messageId, leadId });
    for (const polled of outcomes) {
      if (polled.imapStatusChanged) await publish(polled.workspaceId, 'mailboxes.changed', { mailboxId: polled.mailboxId });
    }
    for (const { workspaceId, campaignId, leadsChanged } of campaigns.values()) {
      await publish(workspaceId, 'outreach.changed', { campaignId });
      if (leadsChanged) await publish(workspaceId, 'leads.changed', { campaignId, count: 1 });
    }
  },
});
