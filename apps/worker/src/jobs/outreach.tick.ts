import { callPhoneNumberId as callPhoneNumberIdOf } from '@switchboard/core';
import { publishCallChanges } from '../calls/publish-call-changes.ts';
import { wakeCallsTick } from '../calls/wake-tick.ts';
import { scheduleDueEnrolments } from '../outreach/schedule-enrolments.ts';
import { defineQueueJob } from './define-queue-job.ts';

// A tick starts no batch after this: a large start (100,000 enrolments due at once) is planned by
// short ticks back to back, so each batch's sends are dispatched (and the board moves) while the
// rest is planned, instead of after one long tick.
const TICK_BUDGET_MS = 500;

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
  async handler(_payload, { sql, log, publicUrl, publish, enqueue, providerKey }) {
    const callPhoneNumberId = async (workspaceId: string) => callPhoneNumberIdOf({ workspaceKeyNumber: (await providerKey(workspaceId, 'vapi'))?.fields.phoneNumberId ?? null, environmentNumber: null });
    const outcome = await scheduleDueEnrolments({ sql, log, callPhoneNumberId }, { budgetMs: TICK_BUDGET_MS, messageIdDomain: new URL(publicUrl).hostname });
    if (outcome.enrolments > 0) log.info({ enrolments: outcome.enrolments, sends: outcome.sendIds.length }, 'outreach scheduled');
    // New sends go out now rather than at the dispatcher's next minute. A wake-up: at most one run
    // waits, so ticks back to back do not pile up dispatch runs that read the same sends, and one is
    // queued while a run is on its way, which may have read the due sends before these were made.
    if (outcome.sendIds.length > outcome.formSends) await enqueue('email.dispatch', {}, { wakeUp: true });
    if (outcome.formSends > 0) await enqueue('outreach.submit-forms', {}, { wakeUp: true });
    for (const { workspaceId, campaignId } of outcome.campaigns) await publish(workspaceId, 'outreach.changed', { campaignId });
    // Call steps' calls: the board hears of them, and the call scheduler places them now rather than at its next minute.
    await publishCallChanges(publish, outcome.calls.map((call) => ({ ...call, status: 'queued' as const })));
    if (outcome.calls.length > 0) await wakeCallsTick({ enqueue });
    // More is due: the next tick starts now rather than at the next minute (one already waiting will do).
    if (outcome.more) await enqueue('outreach.tick', {}, { wakeUp: true });
  },
});
