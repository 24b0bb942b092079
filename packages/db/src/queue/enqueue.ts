import type { JobCatalog } from '@switchboard/core/jobs';
import type { PgBoss } from 'pg-boss';

export interface EnqueueOptions {
  /** Seconds from now, or a moment, before the job may start. */
  startAfter?: number | Date;
  /**
   * A key for the job. Alone it refuses a second queued job only on a queue whose policy enforces keys
   * (short, singleton), which Switchboard's queues do not use; add `onePerKey` for that.
   */
  singletonKey?: string;
  priority?: number;
  /**
   * With `singletonKey`: add the job only when none with this key is waiting to start, else throw
   * JobAlreadyQueued. Holds under concurrent calls on any queue policy (pg-boss's upsert inserts under
   * a unique index on the key).
   */
  onePerKey?: boolean;
}

/** The job was not added: one with the same singleton key is already waiting to start. */
export class JobAlreadyQueued extends Error {
  readonly queue: string;
  readonly singletonKey: string | undefined;

  constructor(queue: string, singletonKey: string | undefined) {
    super(`Job for ${queue} was not created (a job with the same singleton key is queued)`);
    this.name = 'JobAlreadyQueued';
    this.queue = queue;
    this.singletonKey = singletonKey;
  }
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
    const { onePerKey, ...sendOptions } = options;
    if (onePerKey) {
      if (!sendOptions.singletonKey) throw new Error(`onePerKey needs a singletonKey (queue ${queue})`);
      // upsert edits a waiting job with the key instead of adding one; updated > 0 means one was waiting.
      const upserted = await boss.upsert(queue, payload as object, { singletonKey: sendOptions.singletonKey, ...(sendOptions.priority === undefined ? {} : { priority: sendOptions.priority }), ...(sendOptions.startAfter === undefined ? {} : { startAfter: sendOptions.startAfter }) });
      const [id] = upserted.jobs;
      if (upserted.inserted === 0 || id === undefined) throw new JobAlreadyQueued(queue, sendOptions.singletonKey);
      return id;
    }
    const id = await boss.send(queue, payload as object, sendOptions);
    if (id === null) throw new JobAlreadyQueued(queue, sendOptions.singletonKey);
    return id;
  };
}

/** A producer's handle on Switchboard's queues, typed by the job contract in core. */
export type JobEnqueue = Enqueue<JobCatalog>;

export function createJobEnqueue(boss: PgBoss): JobEnqueue {
  return createEnqueue<JobCatalog>(boss);
}
