import { createLogger } from '@switchboard/core/logging';
import type { JobEnqueue, Sql } from '@switchboard/db';
import { jobs, sandboxEmail, type WorkerJobContext } from '@switchboard/worker';
import { randomUUID } from 'node:crypto';

const sendLink = jobs.find((job) => job.queue === 'auth.send-link')!;

/** A queue that runs the worker's link job right away, into the sandbox outbox, as the worker would. */
export function deliverAuthLinks(sql: Sql, publicUrl: string): JobEnqueue {
  return (async (queue: string, payload: unknown) => {
    if (queue !== sendLink.queue) throw new Error(`unexpected job ${queue}`);
    const jobId = randomUUID();
    const context = { sql, email: sandboxEmail, publicUrl, jobId, log: createLogger({ name: 'auth-link-delivery', level: 'silent', format: 'json' }) };
    await sendLink.handler(sendLink.payload.parse(payload) as never, context as unknown as WorkerJobContext);
    return jobId;
  }) as JobEnqueue;
}
