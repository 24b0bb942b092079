import type { JobCatalog } from '@switchboard/core/jobs';
import type { PgBoss } from 'pg-boss';

export interface EnqueueOptions {
  /** Seconds from now, or a moment, before the job may start. */
  startAfter?: number | Date;
  /** At most one queued job with this key at a time. */
  singletonKey?: string;
  priority?: number;
}

/**
 * A producer's handle on the job queues, typed by a catalog of queue name → payload so a wrong queue
 * name or payload is a compile error. The worker validates every payload again when it runs.
 */
export type Enqueue<Catalog> = <Queue extends keyof Catalog & string>(
  queue: Queue,
  payload: Catalog[Queue],
  options?: EnqueueOptions,
) => Promise<string>;

export function createEnqueue<Catalog>(boss: PgBoss): Enqueue<Catalog> {
  const knownQueues = new Set<string>();
  return async (queue, payload, options = {}) => {
    // Work asked for before any worker has registered the queue is kept, not refused: the queue is
    // created here (a no-op when it exists) and the worker applies its retry policy when it starts.
    if (!knownQueues.has(queue)) {
      await boss.createQueue(queue, { notify: true });
      knownQueues.add(queue);
    }
    const id = await boss.send(queue, payload as object, options);
    if (id === null) throw new Error(`Job for ${queue} was not created (a job with the same singleton key is queued)`);
    return id;
  };
}

/** A producer's handle on Switchboard's queues, typed by the job contract in core. */
export type JobEnqueue = Enqueue<JobCatalog>;

export function createJobEnqueue(boss: PgBoss): JobEnqueue {
  return createEnqueue<JobCatalog>(boss);
}
