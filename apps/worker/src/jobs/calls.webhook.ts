import { applyCallEvent } from '../call-events/apply-event.ts';
import { callChangesOf, publishCallChanges, publishCallNote } from '../calls/publish-call-changes.ts';
import { wakeEnrolmentsOfEndedCalls } from '../calls/wake-enrolments.ts';
import { wakeCallsTick } from '../calls/wake-tick.ts';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * Applies a stored Vapi server message (status update, end-of-call report, transcript, hang) to its
 * call. Idempotent: the event row is locked and marked processed in the same transaction as its
 * effects, so a retry or a second job finds it done.
 */
export const callsWebhookJob = defineQueueJob('calls.webhook', {
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
  async handler(payload, { sql, log, enqueue, publish }) {
    const applied = await applyCallEvent({ sql }, payload.eventId);
    if (!applied) return log.warn({ eventId: payload.eventId }, 'Vapi webhook event not found; nothing to apply');
    log.info({ eventId: payload.eventId, workspaceId: applied.workspaceId, callId: applied.callId, status: applied.status, changed: applied.changed }, 'Vapi webhook event applied');
    await publishCallChanges(publish, callChangesOf(applied));
    await publishCallNote(publish, applied);
    // The campaign paused itself at its call budget (committed with the report above): its pages reload.
    if (applied.pausedCampaign && applied.workspaceId && applied.campaignId) {
      log.warn({ workspaceId: applied.workspaceId, campaignId: applied.campaignId }, 'campaign paused: its call budget was reached');
      await publish(applied.workspaceId, 'campaigns.changed', { campaignId: applied.campaignId });
      await publish(applied.workspaceId, 'outreach.changed', { campaignId: applied.campaignId });
    }
    // The call ended: its slot is free, and the next queued call takes it now rather than at the next tick.
    if (applied.ended) await wakeCallsTick({ enqueue });
    // A sequence's call that ended for good: its enrolment goes on now, not at outreach.tick's next minute.
    if (applied.ended && applied.callId) await wakeEnrolmentsOfEndedCalls({ sql, enqueue }, [applied.callId]);
  },
});
