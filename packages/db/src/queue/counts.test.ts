import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import type { TestDatabase } from '../testing/index.ts';
import { createBoss, type PgBoss } from './boss.ts';
import { readQueueCounts } from './counts.ts';

let database: TestDatabase;
let sql: Sql;
let boss: PgBoss;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'queue-counts-test' });
  boss = createBoss(database.url, 'producer');
  await boss.start();
});

afterAll(async () => {
  await boss.stop();
  await sql.end();
  await database.drop();
});

describe('readQueueCounts', () => {
  it('counts queued, deferred, active and failed jobs the moment they change', async () => {
    await boss.createQueue('counts.example', { retryLimit: 0 });
    await boss.send('counts.example', { n: 1 });
    await boss.send('counts.example', { n: 2 });
    await boss.send('counts.example', { n: 3 }, { startAfter: 3600 });
    expect(await readQueueCounts(sql)).toContainEqual({ name: 'counts.example', queued: 2, active: 0, failed: 0, deferred: 1 });

    const [first, second] = await boss.fetch('counts.example', { batchSize: 2 });
    await boss.fail('counts.example', first!.id, { error: 'provider said no' });
    expect(await readQueueCounts(sql)).toContainEqual({ name: 'counts.example', queued: 0, active: 1, failed: 1, deferred: 1 });
    await boss.complete('counts.example', second!.id);
  });

  it('leaves out pg-boss bookkeeping queues', async () => {
    expect((await readQueueCounts(sql)).some((queue) => queue.name.startsWith('__pgboss'))).toBe(false);
  });
});
