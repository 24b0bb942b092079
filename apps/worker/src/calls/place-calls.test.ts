// The call scheduler against the local Vapi fake through the real SDK: claims up to the cap, places
// each attempt once, backs off when Vapi asks, leaves a call in doubt rather than asking twice,
// queues retries, and settles stale calls by asking Vapi (reconciliation), all from the rows.
import { createHash } from 'node:crypto';
import { SANDBOX_CALL_ASSISTANT_ID, SANDBOX_CALL_PHONE_NUMBER_ID, vapiEventKey, ZVapiServerMessage } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { claimCallsToDial, countLiveCalls, createSql, findCall, setCampaignCallSettings, storeCallWebhookEvent, type Sql } from '@switchboard/db';
import { seedQueuedCalls, type TestDatabase } from '@switchboard/db/testing';
import { startVapiFake, vapiStatusUpdateBody, type VapiFake } from '@switchboard/provider-fakes';
import type { LiveEvent } from '@switchboard/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { vapiCaller, type VoiceCaller } from '../adapters/voice/index.ts';
import { applyCallEvent } from '../call-events/apply-event.ts';
import { CALL_BACKOFF_SECONDS, GROUPS_AT_ONCE, placeDueCalls } from './place-calls.ts';
import { callChangesOf, publishCallChanges } from './publish-call-changes.ts';
import { reconcileStaleCalls } from './reconcile-calls.ts';
import { raiseCallSpendAlerts } from './spend-alerts.ts';

let database: TestDatabase;
let sql: Sql;
let vapi: VapiFake;
const log = createLogger({ name: 'place-calls-test', level: 'silent', format: 'json' });

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'place-calls-test' });
  vapi = await startVapiFake();
});

afterAll(async () => {
  await vapi.close();
  await sql.end();
  await database.drop();
});

// Each test's calls are the only ones: a tick serves every workspace, so earlier tests' calls would take part.
afterEach(async () => {
  vapi.clearFailures();
  await sql`delete from calls`;
});

const services = () => ({ sql, log, voiceCaller: async () => vapiCaller({ apiKey: vapi.apiKey, baseUrl: vapi.baseUrl, timeoutMs: 1_000 }) });
let numbers = 0;
const phoneNumber = () => `pn-place-${(numbers += 1)}`;
const statuses = async (campaignId: string) =>
  Object.fromEntries((await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from calls where campaign_id = ${campaignId} group by status`).map((row) => [row.status, row.n]));

/** Applies a status update as the webhook path would (stored once, then applied). */
async function deliver(message: Record<string, unknown>) {
  const parsed = ZVapiServerMessage.parse(message);
  const eventKey = vapiEventKey(parsed as never, createHash('sha256').update(JSON.stringify(message)).digest('hex'));
  const stored = await storeCallWebhookEvent(sql, { eventKey, vapiCallId: parsed.message.call?.id ?? null, type: parsed.message.type, payload: message });
  if (!stored.stored) throw new Error('already stored');
  return applyCallEvent({ sql }, stored.id);
}

describe('placeDueCalls', () => {
  it('places due calls up to the cap, each once, and places more only as calls end', async () => {
    const phoneNumberId = phoneNumber();
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 12, phoneNumberId });
    const first = await placeDueCalls(services(), { cap: 8 });
    expect(first).toMatchObject({ placed: 8, requeued: 0, inDoubt: 0, failed: 0 });
    expect(await statuses(campaignId)).toEqual({ dialing: 8, queued: 4 });
    // The slots are full: a second tick (another worker's, say) places nothing.
    expect((await placeDueCalls(services(), { cap: 8 })).placed).toBe(0);
    const placed = (await Promise.all(callIds.map((id) => findCall(sql, workspaceId, id)))).filter((call) => call?.vapiCallId);
    expect(placed).toHaveLength(8);
    for (const call of placed) {
      expect(vapi.placedFor(call!.id)).toBe(1);
      expect(vapi.call(call!.vapiCallId!)?.assistantId).toBe('asst-test');
    }
    // Two calls end (answered): two more are placed, never more than the cap.
    for (const call of placed.slice(0, 2)) await deliver(vapiStatusUpdateBody(vapi.call(call!.vapiCallId!)!, 'ended', { endedReason: 'customer-ended-call' }));
    expect((await placeDueCalls(services(), { cap: 8 })).placed).toBe(2);
    expect(await countLiveCalls(sql, { workspaceId, phoneNumberId })).toEqual({ workspace: 8, phoneNumber: 8 });
    for (const id of callIds) expect(vapi.placedFor(id)).toBeLessThanOrEqual(1);
  });

  it('serves several groups at once, so one slow POST /call holds up no other, and never more than GROUPS_AT_ONCE', async () => {
    const groups = await Promise.all(Array.from({ length: GROUPS_AT_ONCE + 2 }, () => seedQueuedCalls(sql, { count: 1, phoneNumberId: phoneNumber() })));
    const real = vapiCaller({ apiKey: vapi.apiKey, baseUrl: vapi.baseUrl, timeoutMs: 1_000 });
    let inFlight = 0;
    let most = 0;
    const held: (() => void)[] = [];
    // Each POST /call is held until GROUPS_AT_ONCE are waiting together (each group has one call, so
    // they are from different groups), or for 2 s: served one after another they never meet.
    const slow: VoiceCaller = {
      provider: real.provider,
      sandbox: real.sandbox,
      getCall: (vapiCallId) => real.getCall(vapiCallId),
      createCall: async (request) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        if (inFlight >= GROUPS_AT_ONCE) for (const release of held.splice(0)) release();
        else await new Promise<void>((resolve) => { held.push(resolve); setTimeout(resolve, 2_000); });
        try {
          return await real.createCall(request);
        } finally {
          inFlight -= 1;
        }
      },
    };
    const outcome = await placeDueCalls({ sql, log, voiceCaller: async () => slow }, { cap: 8 });
    expect(outcome).toMatchObject({ placed: GROUPS_AT_ONCE + 2, requeued: 0, inDoubt: 0, failed: 0 });
    expect(most).toBe(GROUPS_AT_ONCE);
    expect(new Set(outcome.workspaceIds)).toEqual(new Set(groups.map((group) => group.workspaceId)));
    for (const group of groups) for (const id of group.callIds) expect(vapi.placedFor(id)).toBe(1);
  });

  it('leaves calls queued, and asks Vapi nothing, for a workspace without a Vapi key', async () => {
    const { campaignId } = await seedQueuedCalls(sql, { count: 3, phoneNumberId: phoneNumber() });
    const before = vapi.createRequests;
    expect(await placeDueCalls({ sql, log, voiceCaller: async () => null }, { cap: 8 })).toMatchObject({ placed: 0 });
    expect(await statuses(campaignId)).toEqual({ queued: 3 });
    expect(vapi.createRequests).toBe(before);
  });

  it('puts a call back in the queue, not before Retry-After, when Vapi answers 429 or its concurrency limit; it is placed later, once, without the note', async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 2, phoneNumberId: phoneNumber() });
    vapi.inject({ kind: 'rate_limit', retryAfterSeconds: 90 });
    vapi.inject({ kind: 'concurrency_blocked', concurrencyLimit: 10 });
    const now = new Date();
    const outcome = await placeDueCalls(services(), { cap: 1, now: () => now });
    expect(outcome).toMatchObject({ placed: 0, requeued: 2 });
    const [limited, blocked] = await Promise.all(callIds.map((id) => findCall(sql, workspaceId, id)));
    const waits = [limited, blocked].map((call) => (call!.notBefore.getTime() - now.getTime()) / 1000).sort((a, b) => a - b);
    expect(waits).toEqual([CALL_BACKOFF_SECONDS, 90]);
    for (const call of [limited, blocked]) expect(call).toMatchObject({ status: 'queued', vapiCallId: null, failure: expect.stringContaining('Vapi held the call back') });
    for (const id of callIds) expect(vapi.placedFor(id)).toBe(0);
    // Not before the wait: nothing is asked.
    expect((await placeDueCalls(services(), { cap: 8, now: () => new Date(now.getTime() + 10_000) })).placed).toBe(0);
    const later = new Date(now.getTime() + 91_000);
    expect((await placeDueCalls(services(), { cap: 8, now: () => later })).placed).toBe(2);
    for (const id of callIds) expect(vapi.placedFor(id)).toBe(1);
    // Once placed, the wait's note is gone: the call's page does not show it beside a call that went out.
    for (const id of callIds) expect(await findCall(sql, workspaceId, id)).toMatchObject({ status: 'dialing', failure: null });
  });

  it('leaves a call whose POST /call got no clear answer in doubt: never asked again, failed "in doubt" after the bound', async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: phoneNumber() });
    const [callId] = callIds as [string];
    vapi.inject({ kind: 'server_error', status: 503 });
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ inDoubt: 1, placed: 0 });
    expect(await findCall(sql, workspaceId, callId)).toMatchObject({ status: 'dialing', vapiCallId: null, failure: expect.stringContaining('in doubt') });
    const requests = vapi.createRequests;
    expect((await placeDueCalls(services(), { cap: 8 })).placed).toBe(0);
    expect(vapi.createRequests).toBe(requests);
    // Within the bound it is left alone; past it, it fails as in doubt (and is still never dialed).
    expect((await reconcileStaleCalls(services(), { staleAfterMs: 60_000 })).failedInDoubt).toBe(0);
    // However short the bound, not while its POST /call could still be answering.
    expect((await reconcileStaleCalls(services(), { staleAfterMs: 1, now: new Date(Date.now() + 5_000) })).failedInDoubt).toBe(0);
    expect((await reconcileStaleCalls(services(), { staleAfterMs: 60_000, now: new Date(Date.now() + 61_000) })).failedInDoubt).toBeGreaterThanOrEqual(1);
    expect(await findCall(sql, workspaceId, callId)).toMatchObject({ status: 'failed', failure: expect.stringMatching(/^in doubt/) });
    expect(vapi.createRequests).toBe(requests);
  });

  it('waits for the calling window on the callee’s clock (default weekdays 9:00–17:00)', async () => {
    const phoneNumberId = phoneNumber();
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId, callWindow: null });
    // Friday 18:30 in Austin (Texas leads): the call waits for Monday 9:00 there.
    const friday = new Date('2026-12-05T00:30:00Z');
    expect(await placeDueCalls(services(), { cap: 8, now: () => friday })).toMatchObject({ placed: 0, requeued: 1 });
    expect(await findCall(sql, workspaceId, callIds[0]!)).toMatchObject({ status: 'queued', notBefore: new Date('2026-12-07T15:00:00Z') });
    expect(vapi.placedFor(callIds[0]!)).toBe(0);
  });

  it('fails a call of a campaign without a Vapi assistant instead of placing it', async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: phoneNumber(), assistantId: null });
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ failed: 1, placed: 0 });
    expect(await findCall(sql, workspaceId, callIds[0]!)).toMatchObject({ status: 'failed', failure: expect.stringContaining('no Vapi assistant') });
  });

  it('places a sandbox call of a campaign without an assistant, naming the sandbox assistant (the sandbox caller plays its own script)', async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: SANDBOX_CALL_PHONE_NUMBER_ID, assistantId: null });
    const sandboxServices = { sql, log, voiceCaller: async () => vapiCaller({ apiKey: vapi.apiKey, baseUrl: vapi.baseUrl, timeoutMs: 1_000, sandbox: true }) };
    expect(await placeDueCalls(sandboxServices, { cap: 8 })).toMatchObject({ placed: 1, failed: 0 });
    expect(await findCall(sql, workspaceId, callIds[0]!)).toMatchObject({ status: 'dialing', vapiCallId: expect.any(String) });
    expect(vapi.placed.find((placed) => placed.call.name === callIds[0])?.body).toMatchObject({ assistantId: SANDBOX_CALL_ASSISTANT_ID, phoneNumberId: SANDBOX_CALL_PHONE_NUMBER_ID });
  });

  it('fails, with the reason, a call queued for the sandbox caller once a Vapi key applies, instead of asking Vapi to call from a number it has not got', async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: SANDBOX_CALL_PHONE_NUMBER_ID });
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ failed: 1, placed: 0 });
    expect(await findCall(sql, workspaceId, callIds[0]!)).toMatchObject({ status: 'failed', failure: expect.stringContaining('queued for the sandbox caller') });
    expect(vapi.placedFor(callIds[0]!)).toBe(0);
  });

  it('recomputes slots from the rows after a crash: calls a dead worker claimed hold their slots, and the tick stays under the cap', async () => {
    const phoneNumberId = phoneNumber();
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 20, phoneNumberId });
    // A worker claimed 5 and died before asking Vapi (nothing in memory survives it).
    const dead = await claimCallsToDial(sql, { workspaceId, phoneNumberId, now: new Date(), limit: 5, workspaceCap: 8, phoneNumberCap: 8 });
    expect(dead.claimed).toHaveLength(5);
    expect((await placeDueCalls(services(), { cap: 8 })).placed).toBe(3);
    expect(await countLiveCalls(sql, { workspaceId, phoneNumberId })).toEqual({ workspace: 8, phoneNumber: 8 });
    // After the bound they fail as in doubt, never dialed, and their slots go to queued calls.
    await reconcileStaleCalls(services(), { staleAfterMs: 60_000, now: new Date(Date.now() + 61_000) });
    for (const call of dead.claimed) {
      expect(await findCall(sql, workspaceId, call.id)).toMatchObject({ status: 'failed', failure: expect.stringMatching(/^in doubt/) });
      expect(vapi.placedFor(call.id)).toBe(0);
    }
    expect((await placeDueCalls(services(), { cap: 8 })).placed).toBe(5);
    expect(await countLiveCalls(sql, { workspaceId, phoneNumberId })).toEqual({ workspace: 8, phoneNumber: 8 });
    for (const id of callIds) expect(vapi.placedFor(id)).toBeLessThanOrEqual(1);
  });
});

describe('retries and reconciliation', () => {
  it('queues the next attempt after no answer or busy, after the campaign’s spacing, up to its attempts', async () => {
    const phoneNumberId = phoneNumber();
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId });
    await setCampaignCallSettings(sql, { workspaceId, campaignId, assistantId: 'asst-test', maxAttempts: 2, spacingMinutes: 30 });
    await placeDueCalls(services(), { cap: 8 });
    const first = (await findCall(sql, workspaceId, callIds[0]!))!;
    const endedAt = new Date('2026-11-30T16:00:00Z');
    const applied = await deliver(vapiStatusUpdateBody(vapi.call(first.vapiCallId!)!, 'ended', { endedReason: 'customer-did-not-answer', at: endedAt }));
    expect(applied).toMatchObject({ status: 'no_answer', ended: true, retryCallId: expect.any(String) });
    const second = (await findCall(sql, workspaceId, applied!.retryCallId!))!;
    expect(second).toMatchObject({ status: 'queued', attempt: 2, leadId: first.leadId, toNumber: first.toNumber, notBefore: new Date('2026-11-30T16:30:00Z') });
    // The second attempt is placed (its own POST), is busy, and no third follows (2 attempts).
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ placed: 1 });
    const placedSecond = (await findCall(sql, workspaceId, second.id))!;
    expect(vapi.placedFor(second.id)).toBe(1);
    expect(await deliver(vapiStatusUpdateBody(vapi.call(placedSecond.vapiCallId!)!, 'ended', { endedReason: 'customer-busy' }))).toMatchObject({ status: 'busy', retryCallId: null });
    expect(await statuses(campaignId)).toEqual({ no_answer: 1, busy: 1 });
    expect(vapi.placedFor(first.id)).toBe(1);
  });

  it('settles a call whose end webhook was lost by asking Vapi (GET /call), through the webhook path', async () => {
    const phoneNumberId = phoneNumber();
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 2, phoneNumberId });
    await placeDueCalls(services(), { cap: 8 });
    const [ended, ongoing] = (await Promise.all(callIds.map((id) => findCall(sql, workspaceId, id)))) as [NonNullable<Awaited<ReturnType<typeof findCall>>>, NonNullable<Awaited<ReturnType<typeof findCall>>>];
    // Vapi ended one (its webhooks never arrived) and still rings the other.
    await vapi.progress(ended.vapiCallId!, 'ended', { endedReason: 'voicemail', deliver: false });
    await vapi.progress(ongoing.vapiCallId!, 'ringing', { deliver: false });
    expect(await reconcileStaleCalls(services(), { staleAfterMs: 60_000 })).toMatchObject({ settled: [], stillLive: 0 });
    const outcome = await reconcileStaleCalls(services(), { staleAfterMs: 60_000, now: new Date(Date.now() + 61_000) });
    expect(outcome.settled.map((event) => event.callId)).toEqual([ended.id]);
    // Both moves reach the board: the settled call, and the one Vapi says rings now.
    expect(outcome.changes).toEqual(expect.arrayContaining([
      { workspaceId, campaignId, callId: ended.id, status: 'voicemail' },
      { workspaceId, campaignId, callId: ongoing.id, status: 'ringing' },
    ]));
    expect(outcome.changes).toHaveLength(2);
    expect(outcome.stillLive).toBe(1);
    expect(await findCall(sql, workspaceId, ended.id)).toMatchObject({ status: 'voicemail', endedReason: 'voicemail' });
    expect(await findCall(sql, workspaceId, ongoing.id)).toMatchObject({ status: 'ringing' });
    const [event] = await sql<{ outcome: string }[]>`select outcome from call_webhook_events where call_id = ${ended.id} and payload->>'source' = 'reconciliation'`;
    expect(event?.outcome).toContain('→ voicemail');
    // Vapi's own webhook for the same status arriving late is the same event: stored nowhere twice.
    const late = vapiStatusUpdateBody(vapi.call(ended.vapiCallId!)!, 'ended', { endedReason: 'voicemail' });
    await expect(deliver(late)).rejects.toThrow('already stored');
    expect(await statuses(campaignId)).toEqual({ voicemail: 1, ringing: 1 });
  });
});

describe('live call events', () => {
  it('publishes calls.changed to the workspace with ids and the new status for each call the tick moves and each webhook that moves one', async () => {
    const phoneNumberId = phoneNumber();
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 3, phoneNumberId });
    await setCampaignCallSettings(sql, { workspaceId, campaignId, assistantId: 'asst-test', maxAttempts: 2, spacingMinutes: 30 });
    const published: Omit<LiveEvent, 'publishedAt'>[] = [];
    const publish = async (room: string | null, topic: string, payload: unknown) => void published.push({ workspaceId: room, topic, payload } as never);
    const outcome = await placeDueCalls(services(), { cap: 2 });
    await publishCallChanges(publish as never, outcome.changes);
    expect(published).toHaveLength(2);
    for (const event of published) {
      expect(event).toMatchObject({ workspaceId, topic: 'calls.changed' });
      // Ids and the status, nothing about the callee.
      expect(Object.keys(event.payload).sort()).toEqual(['callId', 'campaignId', 'status']);
      expect(event.payload).toMatchObject({ campaignId, status: 'dialing' });
    }
    const first = (await findCall(sql, workspaceId, (published[0]!.payload as { callId: string }).callId))!;
    expect(callIds).toContain(first.id);
    // Nobody answered: the call and the retry it queued both reach the board.
    const applied = await deliver(vapiStatusUpdateBody(vapi.call(first.vapiCallId!)!, 'ended', { endedReason: 'customer-did-not-answer' }));
    expect(callChangesOf(applied!)).toEqual([
      { workspaceId, campaignId, callId: first.id, status: 'no_answer' },
      { workspaceId, campaignId, callId: applied!.retryCallId, status: 'queued' },
    ]);
    // A duplicate that changes nothing publishes nothing.
    expect(callChangesOf({ ...applied!, changed: false })).toEqual([]);
  });
});

describe('call spend', () => {
  it('pauses a campaign whose calls’ cost reaches its budget, never places its calls past it, and places them again once the budget is raised and it resumes', async () => {
    const phoneNumberId = phoneNumber();
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 3, phoneNumberId });
    await setCampaignCallSettings(sql, { workspaceId, campaignId, assistantId: 'asst-test', maxAttempts: 1, spacingMinutes: 30, budgetUsd: 1 });
    expect(await placeDueCalls(services(), { cap: 1 })).toMatchObject({ placed: 1 });
    const [placedId] = callIds.filter((id) => vapi.placedFor(id) === 1);
    const placed = (await findCall(sql, workspaceId, placedId!))!;
    await deliver({ message: { type: 'end-of-call-report', endedReason: 'customer-ended-call', cost: 1.25, call: { id: placed.vapiCallId, assistantOverrides: { metadata: { callId: placed.id } } } } });
    expect(await findCall(sql, workspaceId, placed.id)).toMatchObject({ status: 'completed', costUsd: 1.25 });
    const status = async () => (await sql<{ status: string }[]>`select status from campaigns where id = ${campaignId}`)[0]?.status;
    expect(await status()).toBe('paused');
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ placed: 0 });
    // The scheduler's own budget check holds even for a campaign made active past its budget (the api refuses to resume it).
    await sql`update campaigns set status = 'active' where id = ${campaignId}`;
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ placed: 0 });
    expect(await statuses(campaignId)).toEqual({ completed: 1, queued: 2 });
    await setCampaignCallSettings(sql, { workspaceId, campaignId, assistantId: 'asst-test', maxAttempts: 1, spacingMinutes: 30, budgetUsd: 10 });
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ placed: 2 });
  });

  it('places no call of an active campaign whose call budget is $0, and leaves the campaign active: $0 means no calls', async () => {
    const phoneNumberId = phoneNumber();
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 2, phoneNumberId });
    await setCampaignCallSettings(sql, { workspaceId, campaignId, assistantId: 'asst-test', maxAttempts: 1, spacingMinutes: 30, budgetUsd: 0 });
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ placed: 0 });
    expect(await claimCallsToDial(sql, { workspaceId, phoneNumberId, now: new Date(), limit: 8, workspaceCap: 8, phoneNumberCap: 8 })).toMatchObject({ claimed: [] });
    for (const id of callIds) expect(vapi.placedFor(id)).toBe(0);
    expect(await statuses(campaignId)).toEqual({ queued: 2 });
    // A call already live when the budget was set to $0 ends with a cost: the campaign's calls stay off, its other outreach runs on.
    await sql`update calls set status = 'in_progress', vapi_call_id = 'vapi-zero-budget' where id = ${callIds[0]!}`;
    await deliver({ message: { type: 'end-of-call-report', endedReason: 'customer-ended-call', cost: 0.4, call: { id: 'vapi-zero-budget', assistantOverrides: { metadata: { callId: callIds[0]! } } } } });
    expect(await findCall(sql, workspaceId, callIds[0]!)).toMatchObject({ status: 'completed', costUsd: 0.4 });
    expect((await sql<{ status: string }[]>`select status from campaigns where id = ${campaignId}`)[0]?.status).toBe('active');
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ placed: 0 });
    await setCampaignCallSettings(sql, { workspaceId, campaignId, assistantId: 'asst-test', maxAttempts: 1, spacingMinutes: 30, budgetUsd: 5 });
    expect(await placeDueCalls(services(), { cap: 8 })).toMatchObject({ placed: 1 });
  });

  it('records the workspace’s daily spend alert once per day when the day’s call cost passes its threshold', async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 2, phoneNumberId: phoneNumber() });
    const now = new Date();
    await sql`update workspaces set call_daily_spend_alert_usd = 2 where id = ${workspaceId}`;
    await sql`update calls set status = 'completed', ended_at = ${now}, cost_usd = 1.5 where id = ${callIds[0]!}`;
    expect(await raiseCallSpendAlerts(sql, now)).toEqual([]);
    await sql`update calls set status = 'completed', ended_at = ${now}, cost_usd = 1 where id = ${callIds[1]!}`;
    expect(await raiseCallSpendAlerts(sql, now)).toEqual([{ workspaceId, spentUsd: 2.5 }]);
    expect(await raiseCallSpendAlerts(sql, now)).toEqual([]);
    const alerts = await sql<{ spentUsd: number; thresholdUsd: number }[]>`select spent_usd::float8 as "spentUsd", threshold_usd::float8 as "thresholdUsd" from call_spend_alerts where workspace_id = ${workspaceId}`;
    expect(alerts).toEqual([{ spentUsd: 2.5, thresholdUsd: 2 }]);
  });
});
