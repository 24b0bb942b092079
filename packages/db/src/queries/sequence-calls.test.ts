// A sequence's call step calls, as Postgres keeps them: linked to their enrolment and step, the
// enrolment woken when its call's last attempt ends, and a stopped enrolment's queued call canceled
// (a dialing one left to end, and no retry queued after it).
import { callAttemptKey } from '@switchboard/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { seedQueuedCalls, type TestDatabase } from '../testing/index.ts';
import { queueNextCallAttempt } from './call-scheduling.ts';
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
