// A sequence's call step beside the campaign's own calls: a lead already called (queued or live) by
// the campaign gets no second call from its sequence; the enrolment stays on the step and queues its
// call once the other call ended.
import { CALL_STEP_LEAD_BUSY_RECHECK_MINUTES, callAttemptKey, ZSequence } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createCalls, createSql, moveCall, setCampaignSequence, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { startedCampaign } from './campaign.testing.ts';
import { scheduleDueEnrolments } from './schedule-enrolments.ts';

let database: TestDatabase;
let sql: Sql;
let operator: TestMember;
const log = createLogger({ name: 'schedule-call-steps-test', level: 'silent', format: 'json' });
const MONDAY = new Date('2026-11-30T16:00:00Z');
const PHONE_NUMBER_ID = 'pn-call-steps';
const SEQUENCE = ZSequence.parse({ steps: [{ id: 'ring', type: 'call' }, { id: 'after', type: 'email', subject: 'Hello', body: 'Hi.\n\nUnsubscribe: {{ unsubscribe_url }}' }] });

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'schedule-call-steps-test' });
  operator = await createMember(sql, { email: 'operator@acme.test', role: 'operator' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const schedule = (now: Date) => scheduleDueEnrolments({ sql, log, callPhoneNumberId: async () => PHONE_NUMBER_ID }, { now, messageIdDomain: 'switchboard.example' });

it('queues no call step call to a lead the campaign’s own call is queued for, keeps its enrolment on the step, and queues it once that call ended', async () => {
  const { workspaceId, userId } = operator;
  const { campaignId, leadIds } = await startedCampaign(sql, operator, { name: 'Ringers', leads: 2, startAt: MONDAY });
  const [busy, free] = [leadIds[0]!, leadIds[1]!];
  await setCampaignSequence(sql, { workspaceId, campaignId, sequence: SEQUENCE, by: userId });
  await sql`update enrolments set step_id = 'ring', step_since = ${MONDAY}, next_action_at = ${MONDAY} where campaign_id = ${campaignId}`;
  await sql`update leads set phone = '+1512555018' || (case when id = ${busy} then 1 else 2 end) where id = any(${leadIds}::uuid[])`;
  // The campaign's own call to the first lead (as "Queue calls" makes it) is queued.
  const queued = await createCalls(sql, [
    { workspaceId, campaignId, leadId: busy, toNumber: '+15125550181', phoneNumberId: PHONE_NUMBER_ID, attempt: 1, attemptKey: callAttemptKey({ campaignId, leadId: busy, attempt: 1 }), notBefore: MONDAY },
  ]);
  expect(queued).toHaveLength(1);

  const first = await schedule(MONDAY);
  expect(first.calls).toHaveLength(1);
  const callsOf = (leadId: string) => sql<{ id: string; enrolmentId: string | null; status: string }[]>`
    select id, enrolment_id as "enrolmentId", status from calls where lead_id = ${leadId} order by created_at`;
  const enrolmentOf = async (leadId: string) =>
    (await sql<{ id: string; stepId: string; nextActionAt: Date | null }[]>`select id, step_id as "stepId", next_action_at as "nextActionAt" from enrolments where lead_id = ${leadId}`)[0]!;
  expect(await callsOf(free)).toEqual([{ id: first.calls[0]!.callId, enrolmentId: (await enrolmentOf(free)).id, status: 'queued' }]);
  expect(await callsOf(busy)).toEqual([{ id: queued[0]!.id, enrolmentId: null, status: 'queued' }]);
  const recheckAt = new Date(MONDAY.getTime() + CALL_STEP_LEAD_BUSY_RECHECK_MINUTES * 60_000);
  expect(await enrolmentOf(busy)).toMatchObject({ stepId: 'ring', nextActionAt: recheckAt });

  // Still queued at the next look: nothing changes but the time of the next one.
  expect((await schedule(recheckAt)).calls).toEqual([]);
  expect(await callsOf(busy)).toHaveLength(1);

  // The campaign's call ends: the next look queues the sequence's own call to the lead.
  expect(await moveCall(sql, { workspaceId, callId: queued[0]!.id, event: 'cancel', at: recheckAt })).toBe('canceled');
  const later = new Date(recheckAt.getTime() + CALL_STEP_LEAD_BUSY_RECHECK_MINUTES * 60_000);
  const third = await schedule(later);
  expect(third.calls).toHaveLength(1);
  expect((await callsOf(busy)).map((call) => [call.enrolmentId, call.status])).toEqual([[null, 'canceled'], [(await enrolmentOf(busy)).id, 'queued']]);
  expect(await enrolmentOf(busy)).toMatchObject({ stepId: 'ring', nextActionAt: null });
});
