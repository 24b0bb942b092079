import { dueSends, recoverStuckSends } from '@switchboard/db';
import { submitFormSend, type FormDispatchOutcome } from '../outreach/submit-form.ts';
import { defineQueueJob } from './define-queue-job.ts';

const FORMS_PER_BATCH = 20;
// Stop starting submissions after this; each takes a few seconds and what is left is the next run's.
const SUBMIT_BUDGET_MS = 45_000;
// Longer than one submission can take (robots.txt, the page and the answer, 20 s each): one still `sending` lost its worker.
const STUCK_SENDING_MS = 10 * 60_000;

/**
 * Submits due contact form sends, one at a time (each holds a browser tab): every minute, and at once
 * when the scheduler has made new ones. The sends table is the queue, as for email.
 */
export const outreachSubmitFormsJob = defineQueueJob('outreach.submit-forms', {
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 300,
  retentionSeconds: 300,
  schedule: { cron: '* * * * *', tz: 'UTC', payload: {} },
  async handler(_payload, services) {
    const startedAt = Date.now();
    const recovered = await recoverStuckSends(services.sql, { olderThan: new Date(startedAt - STUCK_SENDING_MS), limit: FORMS_PER_BATCH, channel: 'form' });
    if (recovered.retried.length + recovered.failed.length > 0) services.log.warn(recovered, 'form sends left in sending by a stopped worker were recovered');
    const outcomes = new Map<FormDispatchOutcome, number>();
    const campaigns = new Map<string, string>();
    const submitter = { sql: services.sql, log: services.log, submitter: services.discovery.formSubmitter(), siteUrl: services.discovery.siteUrl, sandboxPort: services.discovery.sandboxPort };
    while (Date.now() - startedAt < SUBMIT_BUDGET_MS) {
      const due = await dueSends(services.sql, { now: new Date(), limit: FORMS_PER_BATCH, channel: 'form' });
      if (due.length === 0) break;
      for (const send of due) {
        if (Date.now() - startedAt >= SUBMIT_BUDGET_MS) break;
        const outcome = await submitFormSend(submitter, send);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (outcome !== 'skipped') campaigns.set(send.campaignId, send.workspaceId);
      }
      if (due.length < FORMS_PER_BATCH) break;
    }
    if (outcomes.size > 0) services.log.info(Object.fromEntries(outcomes), 'contact form submissions');
    for (const [campaignId, workspaceId] of campaigns) await services.publish(workspaceId, 'outreach.changed', { campaignId });
  },
});
