import { recordHeartbeat } from '@switchboard/db';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * Each worker process sends one of these every few seconds (see heartbeat.ts). Running it through the
 * queue, rather than writing the row directly, means a fresh heartbeat proves the whole job path works:
 * enqueue, notify, fetch, handle, complete.
 */
export const heartbeatJob = defineQueueJob('system.heartbeat', {
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 30,
  // A heartbeat that could not run within a minute is worthless; the next one replaces it.
  retentionSeconds: 60,
  async handler(payload, { sql, publish }) {
    const lastSeenAt = await recordHeartbeat(sql, { ...payload, startedAt: new Date(payload.startedAt) });
    await publish(null, 'system.heartbeat', { workerId: payload.workerId, at: lastSeenAt.toISOString() });
  },
});
