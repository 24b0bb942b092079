import { SANDBOX_SWEEP_CRON } from '@switchboard/core';
import { sweepSandboxRecipient } from '../email-events/sandbox-sweep.ts';
import { defineQueueJob } from './define-queue-job.ts';

/**
 * Every few minutes: the simulated events of sandbox emails that never got them (their jobs were not
 * queued or were lost) are queued again, a bounded number a run. Nothing to do in a worker without the
 * sandbox recipient, which simulates nothing.
 */
export const emailSandboxSweepJob = defineQueueJob('email.sandbox-sweep', {
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 60,
  // A run not started before the next one is due is left to that one.
  retentionSeconds: 300,
  schedule: { cron: SANDBOX_SWEEP_CRON, tz: 'UTC', payload: {} },
  async handler(_payload, { sql, log, enqueue, sandboxRecipient }) {
    if (!sandboxRecipient) return;
    await sweepSandboxRecipient({ sql, log, enqueue }, sandboxRecipient);
  },
});
