import type { LiveEvent } from '@switchboard/core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import type { TestDatabase } from '../testing/index.ts';
import { listenEvents, type EventSubscription } from './listen.ts';
import { createPublisher } from './publish.ts';

let database: TestDatabase;
let sql: Sql;
let listenSql: Sql;
let subscription: EventSubscription;
const received: LiveEvent<'leads.changed'>[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'publish-test' });
  listenSql = createSql(database.url, { applicationName: 'publish-test-listener', max: 1 });
  subscription = await listenEvents(listenSql, (event) => {
    if (event.topic === 'leads.changed') received.push(event as LiveEvent<'leads.changed'>);
  });
});

afterAll(async () => {
  vi.useRealTimers();
  await subscription?.close();
  await listenSql?.end();
  await sql?.end();
  await database?.drop();
});

async function receivedCampaign(campaignId: string, count: number): Promise<number[]> {
  const deadline = Date.now() + 5_000;
  const counts = () => received.filter((event) => event.payload.campaignId === campaignId).map((event) => event.payload.count);
  while (counts().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  // A little longer, so an extra (duplicate) event would show.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return counts();
}

it('delivers every event published in one tick, in order', async () => {
  const publish = createPublisher(sql);
  const campaignId = '00000000-0000-4000-8000-000000000001';
  await Promise.all(Array.from({ length: 500 }, (_, count) => publish(null, 'leads.changed', { campaignId, count })));
  expect(await receivedCampaign(campaignId, 500)).toEqual(Array.from({ length: 500 }, (_, count) => count));
});

it('sends the events of one tick as one transaction, which folds identical ones as Postgres does', async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T12:00:00Z') });
  const publish = createPublisher(sql);
  const campaignId = '00000000-0000-4000-8000-000000000002';
  // Same tick, same text: one NOTIFY transaction, so Postgres delivers the identical pair once.
  await Promise.all([publish(null, 'leads.changed', { campaignId, count: 1 }), publish(null, 'leads.changed', { campaignId, count: 1 })]);
  // Separate ticks: separate transactions, both delivered.
  await publish(null, 'leads.changed', { campaignId, count: 2 });
  await publish(null, 'leads.changed', { campaignId, count: 2 });
  vi.useRealTimers();
  expect(await receivedCampaign(campaignId, 3)).toEqual([1, 2, 2]);
});

it('inside a transaction, sends only when it commits', async () => {
  const campaignId = '00000000-0000-4000-8000-000000000003';
  await sql
    .begin(async (tx) => {
      await createPublisher(tx)(null, 'leads.changed', { campaignId, count: 1 });
      throw new Error('rolled back');
    })
    .catch(() => undefined);
  await sql.begin(async (tx) => {
    const publish = createPublisher(tx);
    await Promise.all([publish(null, 'leads.changed', { campaignId, count: 2 }), publish(null, 'leads.changed', { campaignId, count: 3 })]);
  });
  expect(await receivedCampaign(campaignId, 2)).toEqual([2, 3]);
});
