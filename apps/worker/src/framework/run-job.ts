import type { Logger } from '@switchboard/core';
import type { Job, JobResult } from 'pg-boss';
import type { AnyJobDefinition, JobContext } from './define-job.ts';

export type JobServices = Omit<JobContext, 'jobId' | 'queue' | 'retryCount' | 'signal' | 'log'> & { log: Logger };

/**
 * Runs one fetched job and reports how it settled. A payload that fails its schema can never
 * succeed, so it fails terminally instead of burning retries; a thrown error is retried by policy.
 */
export async function runJob(definition: AnyJobDefinition, job: Job<unknown>, services: JobServices): Promise<JobResult> {
  const log = services.log.child({ jobId: job.id, queue: definition.queue });
  const parsed = definition.payload.safeParse(job.data);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
    log.error({ issues: message }, 'job payload rejected');
    return { id: job.id, status: 'deadletter', output: { error: `Invalid payload: ${message}` } };
  }
  const startedAt = performance.now();
  try {
    await definition.handler(parsed.data, {
      ...services,
      jobId: job.id,
      queue: definition.queue,
      retryCount: job.retryCount,
      signal: job.signal,
      log,
    });
    // With the logger's workerId, this says which worker ran which job (debug: one line per job).
    log.debug({ durationMs: Math.round(performance.now() - startedAt) }, 'job completed');
    return { id: job.id, status: 'completed' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ err: error }, 'job attempt failed');
    return { id: job.id, status: 'failed', output: { error: message } };
  }
}
