import { z } from 'zod';
import { defineJob } from '../framework/define-job.ts';

/** The dashboard's "Ping worker" button: proves a job goes out and an event comes back. */
export const pingJob = defineJob({
  queue: 'system.ping',
  payload: z.object({
    pingId: z.uuid(),
    /** Epoch milliseconds when the request was made, echoed back for the round-trip figure. */
    requestedAt: z.number().int().nonnegative(),
  }),
  retry: { limit: 2, delaySeconds: 1, backoff: false },
  expireInSeconds: 30,
  retentionSeconds: 300,
  async handler(payload, { publish, workerId }) {
    await publish(null, 'system.pong', { ...payload, handledAt: Date.now(), workerId });
  },
});
