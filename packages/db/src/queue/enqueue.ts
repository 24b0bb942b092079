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
  return async (queue, payload, options = {}) => {
    const id = await boss.send(queue, payload as object, options);
    if (id === null) throw new Error(`Job for ${queue} was not created (a job with the same singleton key is queued)`);
    return id;
  };
}
