import { isFinalCallStatus } from '@switchboard/core';
import { getSystemConfig } from '@switchboard/db';
import { placeDueCalls } from '../calls/place-calls.ts';
import { publishCallChanges } from '../calls/publish-call-changes.ts';
import { raiseCallSpendAlerts } from '../calls/spend-alerts.ts';
import { reconcileStaleCalls } from '../calls/reconcile-calls.ts';
import { wakeEnrolmentsOfEndedCalls } from '../calls/wake-enrolments.ts';
import { wakeCallsTick } from '../calls/wake-tick.ts';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * The call scheduler. Settles live calls nothing has moved for a while (GET /call/{id}), then places
 * queued calls that are due up to the free slots of each workspace and Vapi number (the cap,
 * Admin → Settings "concurrent calls", counted in Postgres), inside each callee's calling window.
 * Runs every minute by cron, every `default_cron_cadence` seconds when that is shorter (each tick
 * queues the next), and at once when a call ends. Workspaces without a Vapi key are skipped: their
 * calls stay queued.
 */
export const callsTickJob = defineQueueJob('calls.tick', {
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 120,
  retentionSeconds: 300,
  schedule: { cron: '* * * * *', tz: 'UTC', payload: {} },
  async handler(_payload, { sql, log, enqueue, publish, voiceCaller, callStaleAfterMs }) {
    const settings = await getSystemConfig(sql);
    const reconciled = await reconcileStaleCalls({ sql, log, voiceCaller }, { staleAfterMs: callStaleAfterMs });
    if (reconciled.settled.length > 0 || reconciled.failedInDoubt > 0) log.info({ settled: reconciled.settled.length, failedInDoubt: reconciled.failedInDoubt }, 'calls reconciled');
    await publishCallChanges(publish, reconciled.changes);
    const outcome = await placeDueCalls({ sql, log, voiceCaller }, { cap: settings.default_concurrency_cap });
    await publishCallChanges(publish, outcome.changes);
    for (const alert of await raiseCallSpendAlerts(sql, new Date())) log.warn({ workspaceId: alert.workspaceId, spentUsd: alert.spentUsd }, 'a workspace passed its daily call spend alert');
    if (outcome.placed + outcome.requeued + outcome.failed + outcome.inDoubt > 0) log.info({ placed: outcome.placed, requeued: outcome.requeued, failed: outcome.failed, inDoubt: outcome.inDoubt }, 'calls placed');
    // Calls settled by reconciliation or failed when placed: their sequences' enrolments go on now.
    const ended = [...reconciled.changes, ...outcome.changes].filter((change) => isFinalCallStatus(change.status));
    await wakeEnrolmentsOfEndedCalls({ sql, enqueue }, ended.map((change) => change.callId));
    if (settings.default_cron_cadence < 60) await wakeCallsTick({ enqueue }, settings.default_cron_cadence);
  },
});
