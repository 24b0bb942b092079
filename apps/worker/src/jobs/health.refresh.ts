import { refreshRelationshipHealth } from '../health/refresh-health.ts';
import { defineQueueJob } from './define-queue-job.ts';

const HEALTH_REFRESH_RETRY = { limit: 2, delaySeconds: 60, backoff: true } as const;
// A first refresh of 100,000 engaged leads takes ~20 s on a busy machine; a stuck attempt is retried after this.
const HEALTH_REFRESH_EXPIRE_S = 900;

/**
 * Relationship health scores for the Health page, hourly for every workspace with outreach. Only stale
 * scores are computed again (no score yet, new activity since, or a day old), so an hour without
 * activity costs a walk of the engaged leads and no writes.
 */
export const healthRefreshJob = defineQueueJob('health.refresh', {
  retry: HEALTH_REFRESH_RETRY,
  expireInSeconds: HEALTH_REFRESH_EXPIRE_S,
  schedule: { cron: '23 * * * *', tz: 'UTC', payload: {} },
  async handler(_payload, { sql, log, publish }) {
    await refreshRelationshipHealth({ sql, log, publish }, {});
  },
});

/** The same for one workspace, now: its Health page's "Refresh now". */
export const healthRefreshWorkspaceJob = defineQueueJob('health.refresh-workspace', {
  retry: HEALTH_REFRESH_RETRY,
  expireInSeconds: HEALTH_REFRESH_EXPIRE_S,
  async handler(payload, { sql, log, publish }) {
    await refreshRelationshipHealth({ sql, log, publish }, { workspaceId: payload.workspaceId });
  },
});
