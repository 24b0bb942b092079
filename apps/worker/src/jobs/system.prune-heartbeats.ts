import { deleteHeartbeatsOlderThan } from '@switchboard/db';
import { defineQueueJob } from './define-queue-job.ts';

const KEEP_HEARTBEATS_MS = 24 * 60 * 60 * 1000;

/** Forgets workers that have been gone for a day, so the System page lists the current fleet. */
export const pruneHeartbeatsJob = defineQueueJob('system.prune-heartbeats', {
  retry: { limit: 3, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
  schedule: { cron: '17 * * * *', tz: 'UTC', payload: {} },
  async handler(_payload, { sql, log }) {
    const removed = await deleteHeartbeatsOlderThan(sql, KEEP_HEARTBEATS_MS);
    if (removed > 0) log.info({ removed }, 'pruned worker heartbeats');
  },
});
