import { leadStatisticsStaleAfterImport } from '@switchboard/db';
import { runLeadImport } from '../lead-import/run-import.ts';
import { defineQueueJob } from './define-queue-job.ts';

const IMPORT_RETRY_LIMIT = 3;

/**
 * An uploaded lead file, imported in the background (the import page shows its progress live). A
 * retry goes on from the last merged chunk, so it never adds a row twice.
 */
export const importLeadsJob = defineQueueJob('leads.import', {
  retry: { limit: IMPORT_RETRY_LIMIT, delaySeconds: 5, backoff: true, maxDelaySeconds: 60 },
  // A million rows take minutes on a busy machine; a stuck attempt is retried after this.
  expireInSeconds: 30 * 60,
  async handler(payload, { sql, publish, log, enqueue, retryCount }) {
    await runLeadImport({ sql, publish, log }, payload.importId, { lastAttempt: retryCount >= IMPORT_RETRY_LIMIT });
    // Once the report is final: a large import's new leads reach the planner's statistics in their own job.
    if (await leadStatisticsStaleAfterImport(sql, payload.importId)) await enqueue('leads.refresh-statistics', {}, { wakeUp: true });
  },
});
