import { dueSends, recoverStuckSends } from '@switchboard/db';
import { dispatchSends, type DispatchOutcome } from '../outreach/dispatch-send.ts';
import { defineQueueJob } from './define-queue-job.ts';

// Read together (rows, suppression list, mailboxes), then sent SENDS_IN_FLIGHT at a time.
const SENDS_PER_BATCH = 500;
// Leave room before the next minute's run: what is left is its work.
const DISPATCH_BUDGET_MS = 45_000;

/**
 * Sends what is due: every minute, and at once when the scheduler has made new sends. The sends table
 * is the queue (each row is claimed by moving it to `sending`), so two workers share it and a lost
 * job loses nothing.
 */
export const emailDispatchJob = defineQueueJob('email.dispatch', {
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 120,
  retentionSeconds: 300,
  schedule: { cron: '* * * * *', tz: 'UTC', payload: {} },
  async handler(_payload, services) {
    const startedAt = Date.now();
    const recovered = await recoverStuckSends(services.sql, { olderThan: new Date(startedAt - services.stuckSendingMs), limit: SENDS_PER_BATCH });
    if (recovered.retried.length + recovered.failed.length > 0) services.log.warn(recovered, 'sends left in sending by a stopped worker were recovered');
    const outcomes = new Map<DispatchOutcome, number>();
    const campaigns = new Map<string, string>();
    let budgetSpent = false;
    for (;;) {
      if (Date.now() - startedAt >= DISPATCH_BUDGET_MS) {
        budgetSpent = true;
        break;
      }
      const due = await dueSends(services.sql, { now: new Date(), limit: SENDS_PER_BATCH });
      if (due.length === 0) break;
      const dispatched = await dispatchSends({ ...services, resendBaseUrl: services.baseUrls.resend }, due);
      dispatched.forEach((outcome, index) => {
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (outcome !== 'skipped') campaigns.set(due[index]!.campaignId, due[index]!.workspaceId);
      });
      // This batch's sends were all deferred or skipped (another dispatcher has them): nothing more can go now.
      if (due.length < SENDS_PER_BATCH || !dispatched.includes('sent')) break;
    }
    if (outcomes.size > 0) services.log.info(Object.fromEntries(outcomes), 'email dispatch');
    // Sends are still due: the next run starts now rather than at the next minute.
    if (budgetSpent) await services.enqueue('email.dispatch', {}, { singletonKey: 'email.dispatch' });
    for (const [campaignId, workspaceId] of campaigns) await services.publish(workspaceId, 'outreach.changed', { campaignId });
  },
});
