import type { JobCatalog } from '@switchboard/core/jobs';
import type { PgBoss } from 'pg-boss';
import { QUEUE_SCHEMA } from './boss.ts';

export interface EnqueueOptions {
  /** Seconds from now, or a moment, before the job may start. */
  startAfter?: number | Date;
  /**
   * A key for the job. Alone it only labels the job: it refuses a second queued job only on a queue
   * whose policy enforces keys (short, singleton), which Switchboard's queues do not use. For at most
   * one waiting job per key add `wakeUp` (or `onePerKey`).
   */
  singletonKey?: string;
  priority?: number;
  /**
   * With `singletonKey`: add the job only when none with this key is waiting to start, else throw
   * JobAlreadyQueued. Holds under concurrent calls on any queue policy (pg-boss's upsert inserts under
   * a unique index on the key). A waiting job takes this call's payload, priority and startAfter.
   */
  onePerKey?: boolean;
  /**
   * Wake the queue's worker unless a job is already waiting to start: at most one job with the key
   * (`singletonKey`, else the queue's name) waits at a time however many calls race, and the call
   * returns normally either way (the id of the job that will do the work). A running job does not
   * count as waiting, so a wake-up while one runs queues the next (work added during a run is not
   * missed). The waiting job takes this call's payload (a wake-up's payload is the same every time).
   * Its start only ever moves earlier: a wake-up now pulls a delayed one forward (and tells workers),
   * a delayed wake-up leaves one that starts sooner as it is. A job in `retry` with the key counts as
   * waiting, and a wake-up now cuts its retry delay.
   */
  wakeUp?: boolean;
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
    const { onePerKey, wakeUp, ...sendOptions } = options;
    if (wakeUp) {
      if (onePerKey) throw new Error(`wakeUp and onePerKey do not go together (queue ${queue})`);
      return wakeQueue(boss, queue, payload as object, { ...sendOptions, singletonKey: sendOptions.singletonKey ?? queue });
    }
    if (onePerKey) {
      if (!sendOptions.singletonKey) throw new Error(`onePerKey needs a singletonKey (queue ${queue})`);
      // upsert edits a waiting job with the key instead of adding one; updated > 0 means one was waiting.
      const upserted = await boss.upsert(queue, payload as object, upsertOptions(sendOptions.singletonKey, sendOptions));
      const [id] = upserted.jobs;
      if (upserted.inserted === 0 || id === undefined) throw new JobAlreadyQueued(queue, sendOptions.singletonKey);
      return id;
    }
    const id = await boss.send(queue, payload as object, sendOptions);
    if (id === null) throw new JobAlreadyQueued(queue, sendOptions.singletonKey);
    return id;
  };
}

type KeyedOptions = Omit<EnqueueOptions, 'onePerKey' | 'wakeUp'> & { singletonKey: string };

function upsertOptions(singletonKey: string, options: Pick<EnqueueOptions, 'priority' | 'startAfter'>) {
  return { singletonKey, ...(options.priority === undefined ? {} : { priority: options.priority }), ...(options.startAfter === undefined ? {} : { startAfter: options.startAfter }) };
}

// An upsert that meets a waiting job which starts running before the upsert can edit it returns no
// job; the next attempt finds none waiting and queues one.
const WAKE_ATTEMPTS = 3;

async function wakeQueue(boss: PgBoss, queue: string, payload: object, options: KeyedOptions): Promise<string> {
  const { singletonKey, startAfter } = options;
  const delayed = typeof startAfter === 'number' ? startAfter > 0 : startAfter instanceof Date && startAfter.getTime() > Date.now();
  if (delayed) {
    // pg-boss's upsert and update set a waiting job's start to this call's, which would postpone one
    // queued to start sooner, and it has no edit that only moves a start earlier: so that edit is one
    // statement of our own on its job table (by the key's index), and upsert only queues a new job.
    const { rows } = await boss.getDb().executeSql(
      `update ${QUEUE_SCHEMA}.job set start_after = least(start_after, case when $3::float8 is null then $4::timestamptz else ${QUEUE_SCHEMA}.job_now() + make_interval(secs => $3::float8) end)
       where name = $1 and singleton_key = $2 and state < 'active' returning id`,
      [queue, singletonKey, typeof startAfter === 'number' ? startAfter : null, startAfter instanceof Date ? startAfter.toISOString() : null],
    );
    const [waiting] = rows as { id: string }[];
    if (waiting) return waiting.id;
  }
  // A wake-up now pulls a waiting delayed job forward to now (and pg-boss tells the workers, as for a new job).
  const keyed = upsertOptions(singletonKey, { ...options, startAfter: delayed ? startAfter : 0 });
  for (let attempt = 1; attempt <= WAKE_ATTEMPTS; attempt += 1) {
    const upserted = await boss.upsert(queue, payload, keyed);
    const [id] = upserted.jobs;
    if (id === undefined) continue;
    // A delayed wake-up found nothing waiting a moment ago, but its upsert met a job queued since by a
    // concurrent wake-up, perhaps one due now, and moved its start out: bring it back to now (a job
    // that starts early finds nothing more to do; one that starts late misses its wake-up).
    if (delayed && upserted.updated > 0) await boss.update(queue, undefined, { singletonKey, startAfter: 0 });
    return id;
  }
  throw new Error(`Could not wake ${queue}: the waiting job kept starting before it could be updated`);
}

/** A producer's handle on Switchboard's queues, typed by the job contract in core. */
export type JobEnqueue = Enqueue<JobCatalog>;

export function createJobEnqueue(boss: PgBoss): JobEnqueue {
  return createEnqueue<JobCatalog>(boss);
}
