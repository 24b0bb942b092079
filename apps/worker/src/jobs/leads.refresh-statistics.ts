import { refreshLeadStatistics } from '@switchboard/db';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * The leads table's planner statistics, refreshed after an import that added a tenth of it or more
 * (the import queues it once its report is final): the lead pages' estimated counts and plans see the
 * new leads at once. Its own job, so an import's report never waits for an ANALYZE of a large table;
 * one waits at a time however many imports end together.
 */
export const refreshLeadStatisticsJob = defineQueueJob('leads.refresh-statistics', {
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  // ANALYZE reads a sample of the table: seconds even at millions of leads.
  expireInSeconds: 10 * 60,
  async handler(_payload, { sql }) {
    await refreshLeadStatistics(sql);
  },
});
