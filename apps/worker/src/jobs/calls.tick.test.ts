// calls.tick and calls.webhook run by a real worker (pg-boss queues) against the Vapi fake: the tick
// reads the cap from Admin → Settings, places that many calls, and a call that ends wakes a tick at
// once (the cron's next minute is far off) that places the next. A workspace without a Vapi key keeps
// its calls queued.
import { createHash } from 'node:crypto';
import { vapiEventKey, ZVapiServerMessage, type LiveEvent } from '@switchboard/core';
import type { JobCatalog } from '@switchboard/core/jobs';
import { createLogger } from '@switchboard/core/logging';
import { createBoss, createSql, listenEvents, setSystemConfigValue, storeCallWebhookEvent, type ProviderKeyResolver, type Sql } from '@switchboard/db';
import { seedQueuedCalls, type TestDatabase } from '@switchboard/db/testing';
import { startVapiFake, vapiEndOfCallReportBody, vapiStatusUpdateBody, type VapiFake } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { until } from '../../../../tests/processes.ts';
import type { RunningWorker } from '../framework/start-worker.ts';
import { startSwitchboardWorker } from '../worker.ts';
import { callsTickJob } from './calls.tick.ts';
import { callsWebhookJob } from './calls.webhook.ts';

const log = createLogger({ name: 'calls-tick-test', level: 'silent', format: 'json' });
let database: TestDatabase;
let sql: Sql;
let vapi: VapiFake;
let worker: RunningWorker<JobCatalog>;
const keyless = new Set<string>();
const callEvents: LiveEvent<'calls.changed'>[] = [];
const campaignEvents: { event: LiveEvent<'campaigns.changed' | 'outreach.changed'>; statusSeen: Promise<string | undefined> }[] = [];
let listening: { close(): Promise<void> } | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'calls-tick-test' });
  vapi = await startVapiFake();
  listening = await listenEvents(sql, (event) => {
    if (event.topic === 'calls.changed') callEvents.push(event as LiveEvent<'calls.changed'>);
    // What the campaign's pages refetch when the event reaches them: the status as committed.
    if (event.topic === 'campaigns.changed' || event.topic === 'outreach.changed') {
      const heard = event as LiveEvent<'campaigns.changed' | 'outreach.changed'>;
      campaignEvents.push({ event: heard, statusSeen: sql<{ status: string }[]>`select status from campaigns where id = ${heard.payload.campaignId}`.then(([row]) => row?.status, () => undefined) });
    }
  });
  const providerKey = (async (workspaceId: string | null, kind: string) =>
    kind === 'vapi' && workspaceId && !keyless.has(workspaceId) ? { fields: { apiKey: vapi.apiKey, phoneNumberId: 'pn-tick' }, source: 'environment' } : null) as ProviderKeyResolver;
  worker = await startSwitchboardWorker({
    sql, boss: createBoss(database.url, 'worker', { supervise: false }), log, jobs: [callsTickJob, callsWebhookJob], providerKey, baseUrls: { vapi: vapi.baseUrl }, pollingIntervalSeconds: 0.5,
  });
});

afterAll(async () => {
  await worker.stop(1_000);
  await listening?.close();
  await vapi.close();
  await sql.end();
  await database.drop();
});

const live = async (campaignId: string) =>
  (await sql<{ id: string; vapiCallId: string | null }[]>`select id, vapi_call_id as "vapiCallId" from calls where campaign_id = ${campaignId} and status in ('dialing', 'ringing', 'in_progress') order by id`);

it('places up to the cap from Admin → Settings, and a call that ends wakes a tick that places the next, each move published as calls.changed; a workspace without a key waits', async () => {
  await setSystemConfigValue(sql, 'default_concurrency_cap', 3);
  const keyed = await seedQueuedCalls(sql, { count: 5, phoneNumberId: 'pn-tick' });
  const unkeyed = await seedQueuedCalls(sql, { count: 2, phoneNumberId: 'pn-tick-2' });
  keyless.add(unkeyed.workspaceId);

  await worker.enqueue('calls.tick', {});
  const placed = await until(async () => {
    const calls = await live(keyed.campaignId);
    return calls.length === 3 && calls.every((call) => call.vapiCallId) ? calls : undefined;
  }, 'three calls placed', 10_000);
  // A second tick finds the slots full.
  await worker.enqueue('calls.tick', {});
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await live(keyed.campaignId)).toHaveLength(3);
  expect(vapi.placed.filter((call) => keyed.callIds.includes((call.body.assistantOverrides as { metadata: { callId: string } }).metadata.callId))).toHaveLength(3);

  // One call ends (its webhook stored and queued as the web route does): the next call is placed at once.
  const ending = placed[0]!;
  const message = vapiStatusUpdateBody(vapi.call(ending.vapiCallId!)!, 'ended', { endedReason: 'customer-ended-call' });
  const parsed = ZVapiServerMessage.parse(message);
  const stored = await storeCallWebhookEvent(sql, {
    eventKey: vapiEventKey(parsed as never, createHash('sha256').update(JSON.stringify(message)).digest('hex')), vapiCallId: ending.vapiCallId, type: 'status-update', payload: message,
  });
  if (!stored.stored) throw new Error('not stored');
  await worker.enqueue('calls.webhook', { eventId: stored.id });
  await until(async () => {
    const calls = await live(keyed.campaignId);
    return calls.length === 3 && !calls.some((call) => call.id === ending.id) && calls.every((call) => call.vapiCallId) ? true : undefined;
  }, 'the next call placed after one ended', 10_000);
  for (const id of keyed.callIds) expect(vapi.placedFor(id)).toBeLessThanOrEqual(1);

  // The board heard each move over Postgres NOTIFY, in the workspace's room: three placed, the one that ended, the next placed.
  const heard = await until(async () => {
    const events = callEvents.filter((event) => event.workspaceId === keyed.workspaceId);
    return events.some((event) => event.payload.callId === ending.id && event.payload.status === 'completed') && events.filter((event) => event.payload.status === 'dialing').length >= 4 ? events : undefined;
  }, 'calls.changed events', 10_000);
  expect(heard.every((event) => event.payload.campaignId === keyed.campaignId && keyed.callIds.includes(event.payload.callId))).toBe(true);
  expect(callEvents.some((event) => event.workspaceId === unkeyed.workspaceId)).toBe(false);

  const [waiting] = await sql<[{ queued: number }]>`select count(*)::int as queued from calls where campaign_id = ${unkeyed.campaignId} and status = 'queued'`;
  expect(waiting.queued).toBe(2);
  for (const id of unkeyed.callIds) expect(vapi.placedFor(id)).toBe(0);
});

it('announces a campaign paused at its call budget once, after the pause is committed, so its pages show it paused', async () => {
  const budgeted = await seedQueuedCalls(sql, { count: 1, phoneNumberId: 'pn-tick-budget' });
  await sql`update campaigns set call_budget_usd = 1 where id = ${budgeted.campaignId}`;
  await worker.enqueue('calls.tick', {});
  const [placed] = await until(async () => {
    const calls = await live(budgeted.campaignId);
    return calls.length === 1 && calls[0]?.vapiCallId ? calls : undefined;
  }, 'the call placed', 10_000);
  const message = vapiEndOfCallReportBody(vapi.call(placed!.vapiCallId!)!, { endedReason: 'customer-ended-call', durationSeconds: 30, cost: 1.2 });
  const parsed = ZVapiServerMessage.parse(message);
  const stored = await storeCallWebhookEvent(sql, {
    eventKey: vapiEventKey(parsed as never, createHash('sha256').update(JSON.stringify(message)).digest('hex')), vapiCallId: placed!.vapiCallId, type: 'end-of-call-report', payload: message,
  });
  if (!stored.stored) throw new Error('not stored');
  await worker.enqueue('calls.webhook', { eventId: stored.id });
  // The outreach board's event is published last: by then every announcement of this pause was heard.
  const heard = await until(async () => {
    const events = campaignEvents.filter(({ event }) => event.payload.campaignId === budgeted.campaignId);
    return events.some(({ event }) => event.topic === 'outreach.changed') ? events : undefined;
  }, 'the paused campaign announced', 10_000);
  const announced = heard.filter(({ event }) => event.topic === 'campaigns.changed');
  expect(announced.map(({ event }) => event)).toEqual([expect.objectContaining({ workspaceId: budgeted.workspaceId, payload: { campaignId: budgeted.campaignId } })]);
  expect(await announced[0]!.statusSeen).toBe('paused');
});
