import { defineQueueJob } from './define-queue-job.ts';

/** The dashboard's "Ping worker" button: proves a job goes out and an event comes back. */
export const pingJob = defineQueueJob('system.ping', {
  retry: { limit: 2, delaySeconds: 1, backoff: false },
  expireInSeconds: 30,
  retentionSeconds: 300,
  async handler(payload, { publish, workerId }) {
    await publish(null, 'system.pong', { ...payload, handledAt: Date.now(), workerId });
  },
});
