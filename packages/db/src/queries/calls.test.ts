import { callAttemptKey } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { seedQueuedCalls, type TestDatabase } from '../testing/index.ts';
import { claimCallsToDial, countLiveCalls, createCalls, findCall, findCallForWebhook, markCallPlaced, moveCall, recordCallReport } from './calls.ts';
import { callGroupsDue } from './call-scheduling.ts';
import { forgetCallWebhookEvent, lockCallWebhookEvent, markCallWebhookEventProcessed, storeCallWebhookEvent } from './call-webhook-events.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'calls-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const NOW = new Date('2026-11-30T16:00:00Z');
const caps = (cap: number) => ({ workspaceCap: cap, phoneNumberCap: cap });

describe('calls', () => {
  it('stores one call per attempt key however often it is planned', async () => {
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: 'pn-once' });
    const call = (await findCall(sql, workspaceId, callIds[0]!))!;
    const again = await createCalls(sql, [{ ...call, notBefore: NOW }]);
    expect(again).toEqual([]);
    const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from calls where campaign_id = ${campaignId}`;
    expect(count).toBe(1);
    expect(call).toMatchObject({ status: 'queued', attempt: 1, attemptKey: callAttemptKey({ campaignId, leadId: call.leadId, attempt: 1 }), vapiCallId: null });
  });

  it('claims queued calls only up to the workspace cap, and again as calls end', async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 5, phoneNumberId: 'pn-cap' });
    const first = await claimCallsToDial(sql, { workspaceId, phoneNumberId: 'pn-cap', now: NOW, limit: 10, ...caps(3) });
    expect(first.claimed).toHaveLength(3);
    expect(first.claimed.every((call) => call.status === 'dialing' && call.dialingAt !== null)).toBe(true);
    expect(first.liveInWorkspace).toBe(3);
    expect((await claimCallsToDial(sql, { workspaceId, phoneNumberId: 'pn-cap', now: NOW, limit: 10, ...caps(3) })).claimed).toEqual([]);
    expect(await moveCall(sql, { workspaceId, callId: first.claimed[0]!.id, event: 'complete', at: NOW })).toBe('completed');
    const second = await claimCallsToDial(sql, { workspaceId, phoneNumberId: 'pn-cap', now: NOW, limit: 10, ...caps(3) });
    expect(second.claimed).toHaveLength(1);
    expect(await countLiveCalls(sql, { workspaceId, phoneNumberId: 'pn-cap' })).toEqual({ workspace: 3, phoneNumber: 3 });
    expect(new Set([...first.claimed, ...second.claimed].map((call) => call.id)).size).toBe(4);
    expect(callIds).toEqual(expect.arrayContaining([...first.claimed, ...second.claimed].map((call) => call.id)));
  });

  it('holds the phone number’s cap across workspaces that share the number', async () => {
    const a = await seedQueuedCalls(sql, { count: 4, phoneNumberId: 'pn-shared' });
    const b = await seedQueuedCalls(sql, { count: 4, phoneNumberId: 'pn-shared' });
    const claimA = await claimCallsToDial(sql, { workspaceId: a.workspaceId, phoneNumberId: 'pn-shared', now: NOW, limit: 10, workspaceCap: 8, phoneNumberCap: 3 });
    const claimB = await claimCallsToDial(sql, { workspaceId: b.workspaceId, phoneNumberId: 'pn-shared', now: NOW, limit: 10, workspaceCap: 8, phoneNumberCap: 3 });
    expect([claimA.claimed.length, claimB.claimed.length]).toEqual([3, 0]);
    expect(claimB.liveOnPhoneNumber).toBe(3);
  });

  it('claims nothing that is not due, of a paused campaign, or to a callee already on a call', async () => {
    const later = await seedQueuedCalls(sql, { count: 2, phoneNumberId: 'pn-due', notBefore: new Date(NOW.getTime() + 60_000) });
    expect((await claimCallsToDial(sql, { workspaceId: later.workspaceId, phoneNumberId: 'pn-due', now: NOW, limit: 10, ...caps(8) })).claimed).toEqual([]);
    const paused = await seedQueuedCalls(sql, { count: 2, phoneNumberId: 'pn-paused' });
    await sql`update campaigns set status = 'paused' where id = ${paused.campaignId}`;
    expect((await claimCallsToDial(sql, { workspaceId: paused.workspaceId, phoneNumberId: 'pn-paused', now: NOW, limit: 10, ...caps(8) })).claimed).toEqual([]);
    // A second campaign's call to the same person waits while the first one is live.
    const first = await seedQueuedCalls(sql, { count: 1, phoneNumberId: 'pn-callee' });
    const call = (await findCall(sql, first.workspaceId, first.callIds[0]!))!;
    const [other] = await sql<[{ id: string }]>`insert into campaigns (workspace_id, name, status) values (${first.workspaceId}, 'Second', 'active') returning id`;
    await createCalls(sql, [{ ...call, campaignId: other.id, attemptKey: callAttemptKey({ campaignId: other.id, leadId: call.leadId, attempt: 1 }) }]);
    const claim = await claimCallsToDial(sql, { workspaceId: first.workspaceId, phoneNumberId: 'pn-callee', now: NOW, limit: 10, ...caps(8) });
    expect(claim.claimed).toHaveLength(1);
    expect((await claimCallsToDial(sql, { workspaceId: first.workspaceId, phoneNumberId: 'pn-callee', now: NOW, limit: 10, ...caps(8) })).claimed).toEqual([]);
  });

  it('lists the workspaces and numbers with calls due and a free slot, leaving out those at the workspace or the number cap', async () => {
    const full = await seedQueuedCalls(sql, { count: 3, phoneNumberId: 'pn-groups-full' });
    const sharing = await seedQueuedCalls(sql, { count: 3, phoneNumberId: 'pn-groups-full' });
    const free = await seedQueuedCalls(sql, { count: 3, phoneNumberId: 'pn-groups-free' });
    expect((await claimCallsToDial(sql, { workspaceId: full.workspaceId, phoneNumberId: 'pn-groups-full', now: NOW, limit: 2, ...caps(2) })).claimed).toHaveLength(2);
    const groups = async (cap: number) =>
      (await callGroupsDue(sql, { now: NOW, limit: 10_000, ...caps(cap) })).filter((group) => [full, sharing, free].some((seeded) => seeded.workspaceId === group.workspaceId));
    // `full` is at its workspace's cap; `sharing` has no live call, but its number is at its cap.
    expect(await groups(2)).toEqual([{ workspaceId: free.workspaceId, phoneNumberId: 'pn-groups-free' }]);
    expect(await groups(3)).toEqual(expect.arrayContaining([
      { workspaceId: full.workspaceId, phoneNumberId: 'pn-groups-full' },
      { workspaceId: sharing.workspaceId, phoneNumberId: 'pn-groups-full' },
      { workspaceId: free.workspaceId, phoneNumberId: 'pn-groups-free' },
    ]));
  });

  it('never lets two concurrent claimers on separate connections exceed the cap', async () => {
    const CAP = 4;
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 120, phoneNumberId: 'pn-race' });
    // Two pools: two sessions, as two worker processes would have.
    const pools = [createSql(database.url, { applicationName: 'calls-claimer-a', max: 4 }), createSql(database.url, { applicationName: 'calls-claimer-b', max: 4 })];
    let maxSeen = 0;
    let running = true;
    const sampler = (async () => {
      while (running) {
        const { workspace } = await countLiveCalls(sql, { workspaceId });
        maxSeen = Math.max(maxSeen, workspace);
      }
    })();
    const claimedIds: string[] = [];
    try {
      const loops = pools.flatMap((pool) =>
        [0, 1, 2].map(async () => {
          for (;;) {
            const { claimed } = await claimCallsToDial(pool, { workspaceId, phoneNumberId: 'pn-race', now: NOW, limit: 3, ...caps(CAP) });
            claimedIds.push(...claimed.map((call) => call.id));
            // Each claimed call ends after a moment, freeing its slot for the next claim.
            await Promise.all(claimed.map(async (call) => {
              await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
              await moveCall(pool, { workspaceId, callId: call.id, event: 'complete', at: NOW });
            }));
            if (claimed.length === 0) {
              const [{ queued }] = await pool<[{ queued: number }]>`select count(*)::int as queued from calls where workspace_id = ${workspaceId} and status = 'queued'`;
              if (queued === 0) return;
            }
          }
        }),
      );
      await Promise.all(loops);
    } finally {
      running = false;
      await sampler;
      await Promise.all(pools.map((pool) => pool.end()));
    }
    expect(claimedIds).toHaveLength(callIds.length);
    expect(new Set(claimedIds).size).toBe(callIds.length);
    expect(maxSeen).toBeGreaterThan(0);
    expect(maxSeen).toBeLessThanOrEqual(CAP);
    // Replayed from the rows: at no claim were more than CAP calls between their claim and their end.
    const [{ overlap }] = await sql<[{ overlap: number }]>`
      select coalesce(max(live), 0)::int as overlap from (
        select (select count(*) from calls o where o.workspace_id = c.workspace_id and o.dialing_at <= c.dialing_at and o.ended_at > c.dialing_at) as live
        from calls c where c.workspace_id = ${workspaceId}) claims`;
    expect(overlap).toBeLessThanOrEqual(CAP);
  });

  it('moves a call only forward from the states its event allows', async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: 'pn-move' });
    const callId = callIds[0]!;
    expect(await moveCall(sql, { workspaceId, callId, event: 'ring', at: NOW })).toBeNull();
    // A message naming a call not yet asked of Vapi (a forged or mistaken id) does not reach it.
    expect(await findCallForWebhook(sql, { vapiCallId: 'vapi-never-placed', callId })).toBeNull();
    await claimCallsToDial(sql, { workspaceId, phoneNumberId: 'pn-move', now: NOW, limit: 1, ...caps(8) });
    // Before POST /call's answer is stored, a webhook finds the call by our id in its metadata.
    expect(await findCallForWebhook(sql, { vapiCallId: 'vapi-move-1', callId })).toMatchObject({ id: callId });
    expect(await markCallPlaced(sql, { workspaceId, callId, vapiCallId: 'vapi-move-1', vapiStatus: 'queued' })).toBe(true);
    expect(await markCallPlaced(sql, { workspaceId, callId, vapiCallId: 'vapi-move-2', vapiStatus: 'queued' })).toBe(false);
    expect(await moveCall(sql, { workspaceId, callId, event: 'ring', at: NOW, vapiStatus: 'ringing' })).toBe('ringing');
    expect(await moveCall(sql, { workspaceId, callId, event: 'miss', at: new Date(NOW.getTime() + 30_000), endedReason: 'customer-did-not-answer' })).toBe('no_answer');
    expect(await moveCall(sql, { workspaceId, callId, event: 'answer', at: NOW })).toBeNull();
    const call = (await findCall(sql, workspaceId, callId))!;
    expect(call).toMatchObject({ status: 'no_answer', vapiCallId: 'vapi-move-1', endedReason: 'customer-did-not-answer', ringingAt: NOW, answeredAt: null });
    expect(call.endedAt?.toISOString()).toBe('2026-11-30T16:00:30.000Z');
    expect(await findCallForWebhook(sql, { vapiCallId: 'vapi-move-1', callId: null })).toMatchObject({ id: callId });
    expect(await findCallForWebhook(sql, { vapiCallId: null, callId })).toBeNull();
    // Our id from a webhook's metadata does not reach a call Vapi knows by another id.
    expect(await findCallForWebhook(sql, { vapiCallId: 'vapi-someone-else', callId })).toBeNull();
    expect(await findCallForWebhook(sql, { vapiCallId: null, callId: 'not-a-uuid' })).toBeNull();
  });

  it('stores the end-of-call report, keeping what a report leaves out', async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: 'pn-report' });
    const callId = callIds[0]!;
    const report = { endedReason: 'customer-ended-call', durationS: 42.5, costUsd: 0.1234, transcript: 'AI: Hi\nUser: Hello', summary: 'Interested.', recordingUrl: 'https://storage.vapi.ai/r.wav', analysis: { successEvaluation: 'true' }, startedAt: NOW, endedAt: new Date(NOW.getTime() + 42_500) };
    expect(await recordCallReport(sql, { workspaceId, callId, report })).toBe(true);
    await recordCallReport(sql, { workspaceId, callId, report: { endedReason: null, durationS: null, costUsd: null, transcript: null, summary: null, recordingUrl: null, analysis: null, startedAt: null, endedAt: null } });
    expect(await findCall(sql, workspaceId, callId)).toMatchObject({ durationS: 42.5, costUsd: 0.1234, transcript: 'AI: Hi\nUser: Hello', summary: 'Interested.', analysis: { successEvaluation: 'true' }, answeredAt: NOW });
  });

  it("gives a call that rang out no answer time from its report's start", async () => {
    const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: 'pn-report-missed' });
    const callId = callIds[0]!;
    const missed = { endedReason: 'customer-did-not-answer', durationS: 30, costUsd: 0.01, transcript: null, summary: null, recordingUrl: null, analysis: null, startedAt: NOW, endedAt: new Date(NOW.getTime() + 30_000) };
    await recordCallReport(sql, { workspaceId, callId, report: missed });
    expect(await findCall(sql, workspaceId, callId)).toMatchObject({ durationS: 30, answeredAt: null });
  });
});

describe('call webhook events', () => {
  it('stores an event once per key, and a forgotten one can be stored again', async () => {
    const first = await storeCallWebhookEvent(sql, { eventKey: 'vapi-1:status-update:ringing', vapiCallId: 'vapi-1', type: 'status-update', payload: { message: {} } });
    expect(first.stored).toBe(true);
    expect(await storeCallWebhookEvent(sql, { eventKey: 'vapi-1:status-update:ringing', vapiCallId: 'vapi-1', type: 'status-update', payload: { message: {} } })).toEqual({ stored: false });
    if (!first.stored) throw new Error('not stored');
    await forgetCallWebhookEvent(sql, first.id);
    const again = await storeCallWebhookEvent(sql, { eventKey: 'vapi-1:status-update:ringing', vapiCallId: 'vapi-1', type: 'status-update', payload: { message: {} } });
    expect(again.stored).toBe(true);
    if (!again.stored) throw new Error('not stored');
    await sql.begin(async (tx) => {
      expect(await lockCallWebhookEvent(tx, again.id)).toMatchObject({ processedAt: null, type: 'status-update' });
      await markCallWebhookEventProcessed(tx, { id: again.id, workspaceId: null, callId: null, outcome: 'No call matches.' });
    });
    // A processed event is kept: forgetting it does nothing.
    await forgetCallWebhookEvent(sql, again.id);
    expect(await storeCallWebhookEvent(sql, { eventKey: 'vapi-1:status-update:ringing', vapiCallId: 'vapi-1', type: 'status-update', payload: { message: {} } })).toEqual({ stored: false });
  });
});
