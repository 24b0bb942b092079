// A sequence's call step calls, as Postgres keeps them: linked to their enrolment and step, the
// enrolment woken when its call's last attempt ends, and a stopped enrolment's queued call canceled
// (a dialing one left to end, and no retry queued after it); and never a second call queued or live to
// a lead, whichever of the campaign's own calls and the sequence's queued first.
import { callAttemptKey } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { until } from '../../../../tests/processes.ts';
import { createSql, type Sql, type TransactionSql } from '../client.ts';
import { seedQueuedCalls, type TestDatabase } from '../testing/index.ts';
import { queueNextCallAttempt } from './call-scheduling.ts';
import { countCallableLeads, queueCampaignCalls } from './call-board.ts';
import { claimCallsToDial, createCalls, findCall, moveCall } from './calls.ts';
import { stopLeadEnrolments } from './outreach/enrolments.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'sequence-calls-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const NOW = new Date('2026-11-30T16:00:00Z');

/** `count` leads, each enrolled and waiting on its call step's first attempt, queued. */
async function waitingOnCalls(count: number, phoneNumberId: string) {
  const { workspaceId, campaignId } = await seedQueuedCalls(sql, { count, phoneNumberId });
  // The seeded calls are the campaign's own; the sequence's calls below replace them.
  const leads = await sql<{ id: string; phone: string }[]>`delete from calls where campaign_id = ${campaignId} returning lead_id as id, to_number as phone`;
  const enrolments = await sql<{ id: string; leadId: string }[]>`
    insert into enrolments (workspace_id, campaign_id, lead_id, email, step_id, step_since, next_action_at)
    select ${workspaceId}, ${campaignId}, id, 'owner@' || id || '.example', 'ring', ${NOW}, null from unnest(${leads.map((lead) => lead.id)}::uuid[]) as l(id)
    returning id, lead_id as "leadId"`;
  const calls = await createCalls(
    sql,
    enrolments.map((enrolment) => {
      const lead = leads.find((row) => row.id === enrolment.leadId)!;
      const sequenceStep = { enrolmentId: enrolment.id, stepId: 'ring' };
      return { workspaceId, campaignId, leadId: lead.id, toNumber: lead.phone, phoneNumberId, attempt: 1, notBefore: NOW, ...sequenceStep, attemptKey: callAttemptKey({ campaignId, leadId: lead.id, attempt: 1, sequenceStep }) };
    }),
  );
  expect(calls).toHaveLength(count);
  const callOf = async (enrolmentId: string) => (await sql<{ id: string }[]>`select id from calls where enrolment_id = ${enrolmentId} order by attempt desc limit 1`)[0]!.id;
  const nextActionAt = async (enrolmentId: string) => (await sql<{ at: Date | null }[]>`select next_action_at as at from enrolments where id = ${enrolmentId}`)[0]!.at;
  return { workspaceId, campaignId, enrolments, callOf, nextActionAt };
}

it('wakes the waiting enrolment when its call ends, not while it rings; a retry keeps the link and the attempt key per enrolment and step', async () => {
  const { workspaceId, enrolments, callOf, nextActionAt } = await waitingOnCalls(1, 'pn-seq-wake');
  const enrolment = enrolments[0]!;
  const callId = await callOf(enrolment.id);
  const { claimed } = await claimCallsToDial(sql, { workspaceId, phoneNumberId: 'pn-seq-wake', now: NOW, limit: 5, workspaceCap: 5, phoneNumberCap: 5 });
  expect(claimed.map((call) => [call.id, call.enrolmentId, call.stepId])).toEqual([[callId, enrolment.id, 'ring']]);
  expect(await moveCall(sql, { workspaceId, callId, event: 'ring', at: NOW })).toBe('ringing');
  expect(await nextActionAt(enrolment.id)).toBeNull();
  expect(await moveCall(sql, { workspaceId, callId, event: 'miss', at: NOW })).toBe('no_answer');
  expect(await nextActionAt(enrolment.id)).not.toBeNull();

  const retryId = await queueNextCallAttempt(sql, { call: (await findCall(sql, workspaceId, callId))!, attempt: 2, notBefore: NOW });
  expect(await findCall(sql, workspaceId, retryId!)).toMatchObject({ attempt: 2, status: 'queued', enrolmentId: enrolment.id, stepId: 'ring', attemptKey: `call:sequence:${enrolment.id}:ring:2` });
});

it('cancels a stopped enrolment’s queued call at once, leaves a dialing one to end, and queues no retry after it', async () => {
  const { workspaceId, enrolments, callOf } = await waitingOnCalls(2, 'pn-seq-stop');
  const [queued, dialing] = [enrolments[0]!, enrolments[1]!];
  const dialingCallId = await callOf(dialing.id);
  await sql`update calls set status = 'dialing', dialing_at = now() where id = ${dialingCallId}`;

  const stopped = await stopLeadEnrolments(sql, { workspaceId, leadIds: [queued.leadId, dialing.leadId], reason: 'replied' });
  expect(stopped.enrolmentIds.sort()).toEqual([queued.id, dialing.id].sort());
  expect(stopped.canceledCallIds).toEqual([await callOf(queued.id)]);
  expect(await findCall(sql, workspaceId, await callOf(queued.id))).toMatchObject({ status: 'canceled', failure: "Not placed: the lead's sequence stopped (replied)." });
  expect(await findCall(sql, workspaceId, dialingCallId)).toMatchObject({ status: 'dialing' });

  // The dialing call ends unanswered: its enrolment has stopped, so no second attempt is queued.
  expect(await moveCall(sql, { workspaceId, callId: dialingCallId, event: 'miss', at: NOW })).toBe('no_answer');
  expect(await queueNextCallAttempt(sql, { call: (await findCall(sql, workspaceId, dialingCallId))!, attempt: 2, notBefore: NOW })).toBeNull();
  const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from calls where enrolment_id = ${dialing.id}`;
  expect(count).toBe(1);
});

it('never claims a sequence’s queued call once its enrolment is no longer active, whatever left it queued', async () => {
  const { workspaceId, enrolments, callOf } = await waitingOnCalls(2, 'pn-seq-claim');
  const [stoppedOne, running] = [enrolments[0]!, enrolments[1]!];
  // As if a retry were queued in the instant the reply stopped the sequence: the call stayed queued.
  await sql`update enrolments set status = 'stopped', stop_reason = 'replied', finished_at = now() where id = ${stoppedOne.id}`;
  const { claimed } = await claimCallsToDial(sql, { workspaceId, phoneNumberId: 'pn-seq-claim', now: NOW, limit: 5, workspaceCap: 5, phoneNumberCap: 5 });
  expect(claimed.map((call) => call.id)).toEqual([await callOf(running.id)]);
  expect(await findCall(sql, workspaceId, await callOf(stoppedOne.id))).toMatchObject({ status: 'queued' });
});

describe('one open call per lead, whichever queued it', () => {
  const openCallsOf = async (leadId: string) =>
    sql<{ id: string; enrolmentId: string | null; status: string }[]>`
      select id, enrolment_id as "enrolmentId", status from calls where lead_id = ${leadId} and status in ('queued', 'dialing', 'ringing', 'in_progress')`;
  /** The sequence's first call for each enrolment, as its call step would plan it. */
  const sequenceCalls = (workspaceId: string, campaignId: string, enrolments: { id: string; leadId: string }[], phones: Map<string, string>, phoneNumberId: string) =>
    enrolments.map((enrolment) => {
      const sequenceStep = { enrolmentId: enrolment.id, stepId: 'ring' };
      return { workspaceId, campaignId, leadId: enrolment.leadId, toNumber: phones.get(enrolment.leadId)!, phoneNumberId, attempt: 1, notBefore: NOW, ...sequenceStep, attemptKey: callAttemptKey({ campaignId, leadId: enrolment.leadId, attempt: 1, sequenceStep }) };
    });

  it('campaign first: a sequence’s call step queues no second call to a lead whose campaign call is queued or live, and queues it once that call ended', async () => {
    const phoneNumberId = 'pn-seq-campaign-first';
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 2, phoneNumberId });
    const leads = await sql<{ id: string; phone: string }[]>`select lead_id as id, to_number as phone from calls where id = any(${callIds}::uuid[]) order by id`;
    const enrolments = await sql<{ id: string; leadId: string }[]>`
      insert into enrolments (workspace_id, campaign_id, lead_id, email, step_id, step_since, next_action_at)
      select ${workspaceId}, ${campaignId}, id, 'owner@' || id || '.example', 'ring', ${NOW}, null from unnest(${leads.map((lead) => lead.id)}::uuid[]) as l(id)
      returning id, lead_id as "leadId"`;
    const phones = new Map(leads.map((lead) => [lead.id, lead.phone]));
    // One campaign call still queued, the other live.
    const { claimed } = await claimCallsToDial(sql, { workspaceId, phoneNumberId, now: NOW, limit: 1, workspaceCap: 5, phoneNumberCap: 5 });
    expect(claimed).toHaveLength(1);
    expect(await createCalls(sql, sequenceCalls(workspaceId, campaignId, enrolments, phones, phoneNumberId))).toEqual([]);
    for (const lead of leads) expect(await openCallsOf(lead.id)).toEqual([expect.objectContaining({ enrolmentId: null })]);

    // The live campaign call ends: its lead may be called by the sequence now, the other lead still not.
    expect(await moveCall(sql, { workspaceId, callId: claimed[0]!.id, event: 'complete', at: NOW })).toBe('completed');
    const created = await createCalls(sql, sequenceCalls(workspaceId, campaignId, enrolments, phones, phoneNumberId));
    const endedLead = claimed[0]!.leadId;
    expect(created).toHaveLength(1);
    expect(await openCallsOf(endedLead)).toEqual([{ id: created[0]!.id, enrolmentId: enrolments.find((enrolment) => enrolment.leadId === endedLead)!.id, status: 'queued' }]);
  });

  it('sequence first: queuing the campaign’s calls passes over a lead whose sequence call is queued or live, and counts it out of the preview', async () => {
    const { workspaceId, campaignId, enrolments, callOf } = await waitingOnCalls(2, 'pn-seq-sequence-first');
    const [queuedOne, liveOne] = [enrolments[0]!, enrolments[1]!];
    await sql`update calls set status = 'dialing', dialing_at = now() where id = ${await callOf(liveOne.id)}`;
    // A third lead of the campaign has no call at all.
    const [free] = await sql<{ id: string }[]>`
      insert into leads (workspace_id, campaign_id, name, country, phone, status) values (${workspaceId}, ${campaignId}, 'Free lead', 'US', '+15125550999', 'approved') returning id`;
    await sql`update leads set status = 'approved' where campaign_id = ${campaignId}`;
    expect(await countCallableLeads(sql, { workspaceId, campaignId, limit: 10 })).toEqual({ count: 1, more: false });
    const queued = await queueCampaignCalls(sql, { workspaceId, campaignId, phoneNumberId: 'pn-seq-sequence-first', notBefore: NOW, limit: 10 });
    expect(queued.queued).toHaveLength(1);
    expect(await openCallsOf(free!.id)).toEqual([{ id: queued.queued[0]!.id, enrolmentId: null, status: 'queued' }]);
    for (const enrolment of [queuedOne, liveOne]) expect(await openCallsOf(enrolment.leadId)).toEqual([expect.objectContaining({ enrolmentId: enrolment.id })]);
  });

  /**
   * Runs `first` in a transaction left open until `second`, in its own, has either finished or is
   * waiting on a lock `first` holds; then commits `first`. How many calls each queued.
   */
  async function raced(first: (tx: TransactionSql) => Promise<number>, second: (tx: TransactionSql) => Promise<number>): Promise<[number, number]> {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered = () => {};
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const firstDone = sql.begin(async (tx) => {
      const count = await first(tx);
      entered();
      await held;
      return count;
    });
    await inside;
    let settled = false;
    const secondDone = sql.begin((tx) => second(tx)).finally(() => (settled = true));
    await until(async () => (settled || (await sql<{ n: number }[]>`select count(*)::int as n from pg_locks where not granted`)[0]!.n > 0 ? true : undefined), 'the second queuing finished or waiting', 5_000);
    release();
    return [await firstDone, await secondDone];
  }

  /** Approved leads with a phone, enrolled on the call step, and no call yet. */
  async function leadsOnCallStep(count: number, phoneNumberId: string) {
    const seeded = await waitingOnCalls(count, phoneNumberId);
    await sql`delete from calls where campaign_id = ${seeded.campaignId}`;
    await sql`update leads set status = 'approved' where campaign_id = ${seeded.campaignId}`;
    const phones = new Map((await sql<{ id: string; phone: string }[]>`select id, phone from leads where campaign_id = ${seeded.campaignId}`).map((lead) => [lead.id, lead.phone]));
    return { ...seeded, planned: sequenceCalls(seeded.workspaceId, seeded.campaignId, seeded.enrolments, phones, phoneNumberId) };
  }

  const openCallsOfCampaign = (campaignId: string) =>
    sql<{ leadId: string; enrolmentId: string | null }[]>`select lead_id as "leadId", enrolment_id as "enrolmentId" from calls where campaign_id = ${campaignId} and status = 'queued'`;

  it('campaign first, in a transaction not yet committed: the call step racing it waits for it, then queues nothing', async () => {
    const phoneNumberId = 'pn-seq-race-campaign-first';
    const { workspaceId, campaignId, planned } = await leadsOnCallStep(3, phoneNumberId);
    const [campaignQueued, sequenceQueued] = await raced(
      async (tx) => (await queueCampaignCalls(tx, { workspaceId, campaignId, phoneNumberId, notBefore: NOW, limit: 10 })).queued.length,
      async (tx) => (await createCalls(tx, planned)).length,
    );
    expect([campaignQueued, sequenceQueued]).toEqual([3, 0]);
    const open = await openCallsOfCampaign(campaignId);
    expect(open).toHaveLength(3);
    expect(open.every((call) => call.enrolmentId === null)).toBe(true);
  });

  it('sequence first, in a transaction not yet committed: the campaign’s queuing racing it waits for it, then queues none of its leads', async () => {
    const phoneNumberId = 'pn-seq-race-sequence-first';
    const { workspaceId, campaignId, planned } = await leadsOnCallStep(3, phoneNumberId);
    const [sequenceQueued, campaignQueued] = await raced(
      async (tx) => (await createCalls(tx, planned)).length,
      async (tx) => (await queueCampaignCalls(tx, { workspaceId, campaignId, phoneNumberId, notBefore: NOW, limit: 10 })).queued.length,
    );
    expect([sequenceQueued, campaignQueued]).toEqual([3, 0]);
    const open = await openCallsOfCampaign(campaignId);
    expect(open).toHaveLength(3);
    expect(open.every((call) => call.enrolmentId !== null)).toBe(true);
  });

  it('holds with many at once: campaign queuings and call steps racing for the same leads leave each lead one open call', async () => {
    const phoneNumberId = 'pn-seq-race';
    // Both sides queue the same six leads at once, each in its own transaction, taking them in different orders.
    const { workspaceId, campaignId, planned } = await leadsOnCallStep(6, phoneNumberId);
    const racers = Array.from({ length: 8 }, (_, index) =>
      sql.begin((tx) =>
        index % 2 === 0
          ? queueCampaignCalls(tx, { workspaceId, campaignId, phoneNumberId, notBefore: NOW, limit: 10 }).then((result) => result.queued.length)
          : createCalls(tx, index % 4 === 1 ? planned : [...planned].reverse()).then((created) => created.length),
      ),
    );
    const counts = await Promise.all(racers);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(6);
    const open = await sql<{ leadId: string; n: number }[]>`
      select lead_id as "leadId", count(*)::int as n from calls where campaign_id = ${campaignId} and status = 'queued' group by lead_id`;
    expect(open).toHaveLength(6);
    expect(open.every((row) => row.n === 1)).toBe(true);
  });
});
