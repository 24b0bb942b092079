// Waking the call scheduler on a real pg-boss queue: a call's end queues a tick at once unless one
// queued due is already waiting; a cadence tick queued deferred does not hold the wake back, since a
// worker fetches it only at its next poll once its time has come.
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
  services = { sql, enqueue: createJobEnqueue(boss) };
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
  sql<{ deferredS: number }[]>`
    select round(extract(epoch from start_after - created_on))::int as "deferredS" from ${sql(QUEUE_SCHEMA)}.job
    where name = 'calls.tick' and state = 'created' order by created_on`;

it('queues a tick at once, and no second one while that one waits', async () => {
  await wakeCallsTick(services);
  await wakeCallsTick(services);
  expect(await waitingTicks()).toEqual([{ deferredS: 0 }]);
});

it('queues a tick at once although a cadence tick queued deferred is already due, since that one waits for a poll', async () => {
  await wakeCallsTick(services, 5);
  // Its time has come (as 5 s later), but it was queued deferred: no worker was told of it then.
  await sql`update ${sql(QUEUE_SCHEMA)}.job set created_on = created_on - interval '6 seconds', start_after = start_after - interval '6 seconds' where name = 'calls.tick'`;
  await wakeCallsTick(services);
  expect(await waitingTicks()).toEqual([{ deferredS: 5 }, { deferredS: 0 }]);
});

it('re-arms the cadence only when no tick waits to start by then', async () => {
  await wakeCallsTick(services);
  await wakeCallsTick(services, 5);
  expect(await waitingTicks()).toEqual([{ deferredS: 0 }]);
  await sql`delete from ${sql(QUEUE_SCHEMA)}.job where name = 'calls.tick'`;
  await wakeCallsTick(services, 5);
  await wakeCallsTick(services, 5);
  expect(await waitingTicks()).toEqual([{ deferredS: 5 }]);
});
