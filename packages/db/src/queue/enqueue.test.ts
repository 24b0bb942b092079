import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import type { TestDatabase } from '../testing/index.ts';
import { createSql, type Sql } from '../client.ts';
import { createBoss, QUEUE_SCHEMA, type PgBoss } from './boss.ts';
import { createEnqueue, JobAlreadyQueued, type Enqueue } from './enqueue.ts';

interface Catalog {
  'enqueue.example': { workspaceId: string };
  'enqueue.tick': Record<string, never>;
}

let database: TestDatabase;
let sql: Sql;
let boss: PgBoss;
let enqueue: Enqueue<Catalog>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'enqueue-test' });
  boss = createBoss(database.url, 'producer');
  await boss.start();
  enqueue = createEnqueue<Catalog>(boss);
});

afterAll(async () => {
  await boss.stop();
  await sql.end();
  await database.drop();
});

const waiting = async (key: string) => (await boss.findJobs('enqueue.example', { key })).filter((job) => job.state === 'created');

describe('enqueue with onePerKey', () => {
  it('adds one job for five concurrent calls with one key, on a standard queue, and refuses the others as JobAlreadyQueued', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => enqueue('enqueue.example', { workspaceId: 'a' }, { singletonKey: 'a', onePerKey: true })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((result) => result.status === 'rejected')) expect(result.reason).toBeInstanceOf(JobAlreadyQueued);
    expect(await waiting('a')).toHaveLength(1);
    // Another key is its own job.
    await enqueue('enqueue.example', { workspaceId: 'b' }, { singletonKey: 'b', onePerKey: true });
    expect(await waiting('b')).toHaveLength(1);
  });

  it('queues the key again once its job has started', async () => {
    const first = await enqueue('enqueue.example', { workspaceId: 'c' }, { singletonKey: 'c', onePerKey: true });
    const fetched = await boss.fetch('enqueue.example', { batchSize: 10 });
    expect(fetched.map((job) => job.id)).toContain(first);
    const second = await enqueue('enqueue.example', { workspaceId: 'c' }, { singletonKey: 'c', onePerKey: true });
    expect(second).not.toBe(first);
    await expect(enqueue('enqueue.example', { workspaceId: 'c' }, { singletonKey: 'c', onePerKey: true })).rejects.toBeInstanceOf(JobAlreadyQueued);
  });

  it('without onePerKey a key does not stop a second job on a standard queue', async () => {
    await enqueue('enqueue.example', { workspaceId: 'd' }, { singletonKey: 'd' });
    await enqueue('enqueue.example', { workspaceId: 'd' }, { singletonKey: 'd' });
    expect(await waiting('d')).toHaveLength(2);
  });
});

/** The ticks waiting to start, oldest first: how far past its creation each starts, and whether it is due. */
const waitingTicks = async () =>
  sql<{ id: string; deferredS: number; due: boolean }[]>`
    select id, round(extract(epoch from start_after - created_on))::int as "deferredS", start_after <= now() as due
    from ${sql(QUEUE_SCHEMA)}.job where name = 'enqueue.tick' and state = 'created' order by created_on`;
const wake = (startAfter?: number) => enqueue('enqueue.tick', {}, { wakeUp: true, ...(startAfter === undefined ? {} : { startAfter }) });

describe('enqueue with wakeUp', () => {
  beforeEach(async () => {
    await sql`delete from ${sql(QUEUE_SCHEMA)}.job where name = 'enqueue.tick'`;
  });

  it('leaves one waiting job, keyed by the queue, for twenty concurrent wake-ups on a standard queue, and every call returns its id', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => wake()));
    const waiting = await waitingTicks();
    expect(waiting).toHaveLength(1);
    expect(new Set(ids)).toEqual(new Set([waiting[0]!.id]));
    expect((await boss.getJobById('enqueue.tick', waiting[0]!.id))?.singletonKey).toBe('enqueue.tick');
  });

  it('queues the next wake-up while one runs (a running job does not count as waiting), still one at a time', async () => {
    const first = await wake();
    const [running] = await boss.fetch('enqueue.tick');
    expect(running?.id).toBe(first);
    const ids = await Promise.all(Array.from({ length: 10 }, () => wake()));
    const waiting = await waitingTicks();
    expect(waiting.map((job) => job.id)).toEqual([ids[0]]);
    expect(ids[0]).not.toBe(first);
  });

  it('keeps keys apart: a wake-up with its own key is its own job', async () => {
    await Promise.all(['import-1', 'import-1', 'import-2'].map((key) => enqueue('enqueue.tick', {}, { wakeUp: true, singletonKey: key })));
    expect(await waitingTicks()).toHaveLength(2);
  });

  it('pulls a delayed waiting job forward for a wake-up now, and never postpones one for a delayed wake-up', async () => {
    const delayed = await wake(60);
    expect(await waitingTicks()).toMatchObject([{ id: delayed, deferredS: 60, due: false }]);
    expect(await wake()).toBe(delayed);
    expect(await waitingTicks()).toMatchObject([{ id: delayed, due: true }]);
    expect(await wake(60)).toBe(delayed);
    expect(await waitingTicks()).toMatchObject([{ id: delayed, due: true }]);
  });

  it('moves a delayed waiting job earlier for a sooner delayed wake-up, never later', async () => {
    const id = await wake(60);
    expect(await wake(30)).toBe(id);
    expect(await waitingTicks()).toMatchObject([{ id, deferredS: 30, due: false }]);
    expect(await wake(60)).toBe(id);
    expect(await waitingTicks()).toMatchObject([{ id, deferredS: 30, due: false }]);
  });

  it('leaves one due job when wake-ups now race delayed ones', async () => {
    for (let round = 0; round < 5; round += 1) {
      await sql`delete from ${sql(QUEUE_SCHEMA)}.job where name = 'enqueue.tick'`;
      await Promise.all(Array.from({ length: 16 }, (_, index) => wake(index % 2 === 0 ? 45 : undefined)));
      expect(await waitingTicks()).toMatchObject([{ due: true }]);
    }
  });

  it('tells listening workers when a wake-up pulls a delayed job forward', async () => {
    await wake(60);
    const [channel] = await sql<{ name: string }[]>`select 'pgboss_' || left(encode(sha224(${QUEUE_SCHEMA}::bytea), 'hex'), 24) as name`;
    let heard!: (queue: string) => void;
    const notified = new Promise<string>((resolve) => (heard = resolve));
    const listening = await sql.listen(channel!.name, (queue) => {
      if (queue === 'enqueue.tick') heard(queue);
    });
    try {
      await wake();
      await expect(notified).resolves.toBe('enqueue.tick');
    } finally {
      await listening.unlisten();
    }
  });

  it('refuses wakeUp with onePerKey', async () => {
    await expect(enqueue('enqueue.tick', {}, { wakeUp: true, onePerKey: true, singletonKey: 'x' })).rejects.toThrow(/do not go together/);
  });
});
