import type { Job, JobResult } from 'pg-boss';
import type { AnyJobDefinition, JobRunContext } from './define-job.ts';

/** Everything a job's context holds but what is particular to the fetched job. */
export type JobServices<Services extends object = object> = Omit<JobRunContext, 'jobId' | 'queue' | 'retryCount' | 'signal'> & Services;

/**
 * Runs one fetched job and reports how it settled. A payload that fails its schema can never
 * succeed, so it fails terminally instead of burning retries; a thrown error is retried by policy.
 */
export async function runJob<Services extends object>(
  definition: AnyJobDefinition<Services>,
  job: Job<unknown>,
  services: JobServices<Services>,
): Promise<JobResult> {
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
