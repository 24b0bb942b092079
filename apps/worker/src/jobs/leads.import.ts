import { z } from 'zod';
import { defineJob } from '../framework/define-job.ts';
import { runLeadImport } from '../lead-import/run-import.ts';

const IMPORT_RETRY_LIMIT = 3;

/**
 * An uploaded lead file, imported in the background (the import page shows its progress live). A
 * retry goes on from the last merged chunk, so it never adds a row twice.
 */
export const importLeadsJob = defineJob({
  queue: 'leads.import',
  payload: z.object({ workspaceId: z.uuid(), importId: z.uuid() }),
  retry: { limit: IMPORT_RETRY_LIMIT, delaySeconds: 5, backoff: true, maxDelaySeconds: 60 },
  // A million rows take minutes on a busy machine; a stuck attempt is retried after this.
  expireInSeconds: 30 * 60,
  async handler(payload, { sql, publish, log, retryCount }) {
    await runLeadImport({ sql, publish, log }, payload.importId, { lastAttempt: retryCount >= IMPORT_RETRY_LIMIT });
  },
});
