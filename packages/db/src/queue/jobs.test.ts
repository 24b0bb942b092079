import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import type { TestDatabase } from '../testing/index.ts';
import { createBoss, type PgBoss } from './boss.ts';
import { countJobsByState, ensureJobListIndex, readStoredJobCounts, storeJobCounts, type JobVisibility } from './jobs.ts';

let database: TestDatabase;
let sql: Sql;
let boss: PgBoss;
const workspaceA = randomUUID();
const workspaceB = randomUUID();
const visibility = (workspaceId: string, owner: boolean): JobVisibility => ({
  workspaceId,
  workspaceQueues: owner ? ['jobs-test.import'] : ['jobs-test.import', 'jobs-test.webhook'],
  installationQueues: owner ? ['jobs-test.webhook', 'jobs-test.tick'] : [],
  windowHours: 72,
});

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'queue-jobs-test' });
  boss = createBoss(database.url, 'producer');
  await boss.start();
  for (const queue of ['jobs-test.import', 'jobs-test.webhook', 'jobs-test.tick']) await boss.createQueue(queue);
});

afterAll(async () => {
  await boss.stop();
  await sql.end();
  await database.drop();
});

describe('stored job counts', () => {
  it('reads as the live count would for each reader, with the time they were taken', async () => {
    expect(await readStoredJobCounts(sql, visibility(workspaceA, true))).toBeNull();
    await boss.send('jobs-test.import', { workspaceId: workspaceA });
    await boss.send('jobs-test.import', { workspaceId: workspaceA });
    await boss.send('jobs-test.import', { workspaceId: workspaceB });
    await boss.send('jobs-test.webhook', { eventId: randomUUID(), workspaceId: workspaceA });
    await boss.send('jobs-test.webhook', { eventId: randomUUID(), workspaceId: workspaceB });
    await boss.send('jobs-test.webhook', { eventId: randomUUID() });
    await boss.send('jobs-test.tick', {});
    // A hand-made payload whose workspaceId is no id counts as the installation's.
    await boss.send('jobs-test.tick', { workspaceId: 'not-an-id' });
    const before = new Date();
    await storeJobCounts(sql, 72);
    for (const reader of [visibility(workspaceA, true), visibility(workspaceA, false), visibility(workspaceB, false)]) {
      const stored = await readStoredJobCounts(sql, reader);
      expect(stored?.counts).toEqual(await countJobsByState(sql, reader));
      expect(stored!.countedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
      expect(stored!.windowJobs).toBe(8);
    }
    expect((await readStoredJobCounts(sql, visibility(workspaceA, true)))?.counts).toEqual([
      { queue: 'jobs-test.import', state: 'created', count: 2 },
      { queue: 'jobs-test.tick', state: 'created', count: 2 },
      { queue: 'jobs-test.webhook', state: 'created', count: 3 },
    ]);
    expect((await readStoredJobCounts(sql, visibility(workspaceB, false)))?.counts).toEqual([
      { queue: 'jobs-test.import', state: 'created', count: 1 },
      { queue: 'jobs-test.webhook', state: 'created', count: 1 },
    ]);
  });

  it('replaces the last counts, and has none for another window', async () => {
    await boss.send('jobs-test.tick', {});
    await storeJobCounts(sql, 72);
    expect((await readStoredJobCounts(sql, visibility(workspaceA, true)))?.counts).toContainEqual({ queue: 'jobs-test.tick', state: 'created', count: 3 });
    expect(await readStoredJobCounts(sql, { ...visibility(workspaceA, true), windowHours: 24 })).toBeNull();
  });
});

describe("the Jobs page's index on pg-boss's job table", () => {
  it('is one pg-boss tolerates: no drift, and a queue with its own partition gets it and still works', async () => {
    await ensureJobListIndex(sql);
    const drift = await boss.detectSchemaDrift();
    expect(drift.ok).toBe(true);
    await boss.createQueue('jobs-test.partitioned', { partition: true });
    const id = await boss.send('jobs-test.partitioned', { n: 1 });
    const [fetched] = await boss.fetch('jobs-test.partitioned');
    expect(fetched?.id).toBe(id);
    await boss.complete('jobs-test.partitioned', id!);
    const indexes = await sql<{ table: string }[]>`
      select t.relname as table from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'pgboss' and pg_get_indexdef(i.indexrelid) like '%(name, state, created_on)'`;
    // The parent's, job_common's and the new partition's.
    expect(indexes.length).toBeGreaterThanOrEqual(3);
    expect((await boss.detectSchemaDrift()).ok).toBe(true);
  });
});
