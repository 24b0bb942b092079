// Waking the call scheduler on a real pg-boss queue: a call's end queues a tick at once unless one is
// already waiting; a cadence tick waiting deferred is pulled forward to now rather than left to a
// worker's next poll once its time has come.
import { createBoss, createJobEnqueue, createSql, QUEUE_SCHEMA, type PgBoss, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { wakeCallsTick } from './wake-tick.ts';

let database: TestDatabase;
let sql: Sql;
let boss: PgBoss;
let services: Parameters<typeof wakeCallsTick>[0];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'wake-tick-test' });
  boss = createBoss(database.url, 'producer');
  await boss.start();
  await boss.createQueue('calls.tick');
  services = { enqueue: createJobEnqueue(boss) };
});

afterAll(async () => {
  await boss.stop({ graceful: false, close: true });
  await sql.end();
  await database.drop();
});

beforeEach(async () => {
  await sql`delete from ${sql(QUEUE_SCHEMA)}.job where name = 'calls.tick'`;
});

const waitingTicks = async () =>
  sql<{ deferredS: number; due: boolean }[]>`
    select round(extract(epoch from start_after - created_on))::int as "deferredS", start_after <= now() as due from ${sql(QUEUE_SCHEMA)}.job
    where name = 'calls.tick' and state = 'created' order by created_on`;

it('queues a tick at once, and no second one while that one waits, however many wakes race', async () => {
  await Promise.all(Array.from({ length: 5 }, () => wakeCallsTick(services)));
  await wakeCallsTick(services);
  expect(await waitingTicks()).toEqual([{ deferredS: 0, due: true }]);
});

it('pulls a cadence tick waiting deferred forward to now instead of queueing a second tick', async () => {
  await wakeCallsTick(services, 5);
  expect(await waitingTicks()).toEqual([{ deferredS: 5, due: false }]);
  await wakeCallsTick(services);
  expect(await waitingTicks()).toEqual([{ deferredS: 0, due: true }]);
});

it('re-arms the cadence only when no tick waits to start by then', async () => {
  await wakeCallsTick(services);
  await wakeCallsTick(services, 5);
  expect(await waitingTicks()).toEqual([{ deferredS: 0, due: true }]);
  await sql`delete from ${sql(QUEUE_SCHEMA)}.job where name = 'calls.tick'`;
  await wakeCallsTick(services, 5);
  await wakeCallsTick(services, 5);
  expect(await waitingTicks()).toEqual([{ deferredS: 5, due: false }]);
});
