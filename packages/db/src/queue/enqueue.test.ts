import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import type { TestDatabase } from '../testing/index.ts';
import { createBoss, type PgBoss } from './boss.ts';
import { createEnqueue, JobAlreadyQueued, type Enqueue } from './enqueue.ts';

interface Catalog {
  'enqueue.example': { workspaceId: string };
}

let database: TestDatabase;
let boss: PgBoss;
let enqueue: Enqueue<Catalog>;

beforeAll(async () => {
  database = await createTestDatabase();
  boss = createBoss(database.url, 'producer');
  await boss.start();
  enqueue = createEnqueue<Catalog>(boss);
});

afterAll(async () => {
  await boss.stop();
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
