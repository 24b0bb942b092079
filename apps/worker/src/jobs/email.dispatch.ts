import { dueSends, recoverStuckSends } from '@switchboard/db';
import { scheduleSandboxRecipient } from '../email-events/sandbox-recipient.ts';
import { chunkLanes, prepareSends, sendPreparedSends, type DispatchOutcome } from '../outreach/dispatch-send.ts';
import { defineQueueJob } from './define-queue-job.ts';

// Read together (rows, suppression list, mailboxes, slots), then sent chunk by chunk.
const SENDS_PER_BATCH = 500;
// Leave room before the next minute's run: what is left is its work.
const DISPATCH_BUDGET_MS = 45_000;
// The next batch is read and reserved once this batch's chunks waiting for a lane drop below this many,
// so the lanes do not run dry while a batch's sends are read and their slots reserved.
const PREPARE_NEXT_WHEN_WAITING_BELOW = 16;
// While a run is sending (it may last the whole budget), the boards of its campaigns hear of it this
// often, so a send's new state reaches the browser within a second rather than when the run ends.
export const LIVE_BOARD_EVERY_MS = 400;

/**
 * Sends what is due: every minute, and at once when the scheduler has made new sends. The sends table
 * is the queue (each row is claimed by moving it to `sending`), so two workers share it and a lost
 * job loses nothing. Batches overlap: while one is on its way the next is prepared (its sends left
 * out of the first's read), and its chunks take the lanes the first frees.
 */
export const emailDispatchJob = defineQueueJob('email.dispatch', {
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 120,
  retentionSeconds: 300,
  schedule: { cron: '* * * * *', tz: 'UTC', payload: {} },
  // One run at a time per worker process (its batches overlap within it): two runs in one process read
  // the same due sends and race each other for them, doubling the reads and reservations (the bench
  // saw 24 batch reads for 12 batches' sends). Several processes still share the work.
  throughput: { batchSize: 1, localConcurrency: 1 },
  async handler(_payload, services) {
    const startedAt = Date.now();
    const recovered = await recoverStuckSends(services.sql, { olderThan: new Date(startedAt - services.stuckSendingMs), limit: SENDS_PER_BATCH });
    if (recovered.retried.length + recovered.failed.length > 0) services.log.warn(recovered, 'sends left in sending by a stopped worker were recovered');
    const { sandboxRecipient, enqueue } = services;
    const dispatch = {
      ...services,
      resendBaseUrl: services.baseUrls.resend,
      sandboxSent: sandboxRecipient ? (sends: readonly { workspaceId: string; sendId: string }[]) => scheduleSandboxRecipient(enqueue, sandboxRecipient, sends) : undefined,
    };
    const lanes = chunkLanes();
    const outcomes = new Map<DispatchOutcome, number>();
    const campaigns = new Map<string, string>();
    // Sends of the batches still on their way: queued until claimed, so the next read leaves them out.
    const inHand = new Set<string>();
    const sending = new Set<Promise<void>>();
    const failures: unknown[] = [];
    let nothingSent = false;
    let budgetSpent = false;
    // Campaigns with a batch on its way, and how many: their boards are told every LIVE_BOARD_EVERY_MS.
    const inFlight = new Map<string, { workspaceId: string; batches: number }>();
    const live = setInterval(() => {
      const announced = [...inFlight].map(([campaignId, { workspaceId }]) => services.publish(workspaceId, 'outreach.changed', { campaignId }));
      Promise.all(announced).catch((error: unknown) => services.log.warn({ err: error }, 'could not tell the board about sends on their way'));
    }, LIVE_BOARD_EVERY_MS);
    try {
      for (;;) {
        if (Date.now() - startedAt >= DISPATCH_BUDGET_MS) {
          budgetSpent = true;
          break;
        }
        // A batch whose sends were all deferred or skipped (another dispatcher has them): nothing more can go now.
        if (failures.length > 0 || nothingSent) break;
        const due = await dueSends(services.sql, { now: new Date(), limit: SENDS_PER_BATCH, excludeIds: [...inHand] });
        if (due.length === 0) break;
        for (const send of due) inHand.add(send.id);
        const prepared = await prepareSends(dispatch, due);
        const batchCampaigns = new Map(due.map((send) => [send.campaignId, send.workspaceId]));
        for (const [campaignId, workspaceId] of batchCampaigns) inFlight.set(campaignId, { workspaceId, batches: (inFlight.get(campaignId)?.batches ?? 0) + 1 });
        const batch: Promise<void> = sendPreparedSends(dispatch, prepared, lanes)
          .then((dispatched) => {
            dispatched.forEach((outcome, index) => {
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
              if (outcome !== 'skipped') campaigns.set(due[index]!.campaignId, due[index]!.workspaceId);
            });
            if (!dispatched.includes('sent')) nothingSent = true;
          })
          .catch((error: unknown) => {
            failures.push(error);
          })
          .finally(() => {
            for (const send of due) inHand.delete(send.id);
            for (const campaignId of batchCampaigns.keys()) {
              const left = (inFlight.get(campaignId)?.batches ?? 1) - 1;
              if (left > 0) inFlight.set(campaignId, { workspaceId: batchCampaigns.get(campaignId)!, batches: left });
              else inFlight.delete(campaignId);
            }
            sending.delete(batch);
          });
        sending.add(batch);
        if (due.length < SENDS_PER_BATCH) break;
        // Wait for this batch to be nearly out (or done) before preparing the next.
        await Promise.race([lanes.waitingBelow(PREPARE_NEXT_WHEN_WAITING_BELOW), batch]);
      }
      await Promise.all(sending);
    } finally {
      clearInterval(live);
    }
    if (outcomes.size > 0) services.log.info(Object.fromEntries(outcomes), 'email dispatch');
    // Sends are still due: the next run starts now rather than at the next minute.
    if (budgetSpent) await services.enqueue('email.dispatch', {}, { wakeUp: true });
    for (const [campaignId, workspaceId] of campaigns) await services.publish(workspaceId, 'outreach.changed', { campaignId });
    if (failures.length > 0) throw failures[0];
  },
});
