import { refreshRelationshipHealth } from '../health/refresh-health.ts';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * Relationship health scores for the Health page: hourly for every workspace with outreach, and on
 * demand for one. Only stale scores are computed again (no score yet, new activity since, or a day
 * old), so an hour without activity costs a walk of the engaged leads and no writes.
 */
export const healthRefreshJob = defineQueueJob('health.refresh', {
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  expireInSeconds: 900,
  schedule: { cron: '23 * * * *', tz: 'UTC', payload: {} },
  async handler(payload, { sql, log, publish }) {
    await refreshRelationshipHealth({ sql, log, publish }, { workspaceId: payload.workspaceId });
  },
});
