import { scheduleDueEnrolments } from '../outreach/schedule-enrolments.ts';
import { defineQueueJob } from './define-queue-job.ts';

// Enough for 50,000 enrolments a minute; the next tick goes on with the rest.
const BATCHES_PER_TICK = 50;

/**
 * Every minute: enrolments that are due (a new one, a wait that ended, an email just sent) are
 * planned by their campaign's sequence and their sends created. A tick that fails is simply the
 * next tick's work: the position only moves when a decision commits.
 */
export const outreachTickJob = defineQueueJob('outreach.tick', {
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 120,
  retentionSeconds: 300,
  schedule: { cron: '* * * * *', tz: 'UTC', payload: {} },
  async handler(_payload, { sql, log, publicUrl, publish, enqueue }) {
    const outcome = await scheduleDueEnrolments({ sql, log }, { maxBatches: BATCHES_PER_TICK, messageIdDomain: new URL(publicUrl).hostname });
    if (outcome.enrolments > 0) log.info({ enrolments: outcome.enrolments, sends: outcome.sendIds.length }, 'outreach scheduled');
    // New sends go out now rather than at the dispatcher's next minute.
    if (outcome.sendIds.length > outcome.formSends) await enqueue('email.dispatch', {}, { singletonKey: 'email.dispatch' });
    if (outcome.formSends > 0) await enqueue('outreach.submit-forms', {}, { singletonKey: 'outreach.submit-forms' });
    for (const { workspaceId, campaignId } of outcome.campaigns) await publish(workspaceId, 'outreach.changed', { campaignId });
  },
});
