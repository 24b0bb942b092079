// A sequence's call that ends for good wakes outreach.tick at once (real pg-boss queue), through the
// jobs that end calls: calls.webhook (Vapi says it ended) and calls.tick (placing it failed). A call
// with a further attempt queued, or one that is no sequence's, leaves outreach.tick to its cron.
import { createHash } from 'node:crypto';
import { callAttemptKey, vapiEventKey, ZVapiServerMessage } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { claimCallsToDial, createBoss, createCalls, createJobEnqueue, createPublisher, createSql, markCallPlaced, QUEUE_SCHEMA, setCampaignCallSettings, storeCallWebhookEvent, type PgBoss, type Sql } from '@switchboard/db';
import { seedQueuedCalls, type TestDatabase } from '@switchboard/db/testing';
import { vapiStatusUpdateBody } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import type { VoiceCaller } from '../adapters/voice/types.ts';
import { sandboxJobContext } from '../framework/job-context.testing.ts';
import { callsTickJob } from '../jobs/calls.tick.ts';
import { callsWebhookJob } from '../jobs/calls.webhook.ts';

const log = createLogger({ name: 'wake-enrolments-test', level: 'silent', format: 'json' });
let database: TestDatabase;
let sql: Sql;
let boss: PgBoss;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'wake-enrolments-test' });
  boss = createBoss(database.url, 'producer');
  await boss.start();
  for (const queue of ['calls.tick', 'outreach.tick']) await boss.createQueue(queue);
});

afterAll(async () => {
  await boss.stop({ graceful: false, close: true });
  await sql.end();
  await database.drop();
});

beforeEach(async () => {
  await sql`delete from ${sql(QUEUE_SCHEMA)}.job where name in ('calls.tick', 'outreach.tick')`;
});

const context = (queue: 'calls.webhook' | 'calls.tick', voiceCaller: () => Promise<VoiceCaller | null> = async () => null) =>
  sandboxJobContext({ queue, sql, log, publish: createPublisher(sql), discovery: undefined as never, enqueue: createJobEnqueue(boss), voiceCaller });

const outreachTicks = async () => (await sql<{ n: number }[]>`select count(*)::int as n from ${sql(QUEUE_SCHEMA)}.job where name = 'outreach.tick' and state = 'created'`)[0]!.n;

let numbers = 0;
/** A call (a sequence's call step's, unless `sequence` is false) queued for the campaign, which tries `maxAttempts` times. */
async function queuedCall(options: { sequence?: boolean; maxAttempts?: number; assistantId?: string | null } = {}) {
  numbers += 1;
  const phoneNumberId = `pn-wake-${numbers}`;
  const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId, assistantId: options.assistantId === undefined ? 'assistant-1' : options.assistantId });
  await setCampaignCallSettings(sql, { workspaceId, campaignId, assistantId: options.assistantId === undefined ? 'assistant-1' : options.assistantId, maxAttempts: options.maxAttempts ?? 1, spacingMinutes: 60 });
  if (options.sequence === false) return { workspaceId, phoneNumberId, callId: callIds[0]! };
  const [lead] = await sql<{ id: string; phone: string }[]>`delete from calls where campaign_id = ${campaignId} returning lead_id as id, to_number as phone`;
  const [enrolment] = await sql<{ id: string }[]>`
    insert into enrolments (workspace_id, campaign_id, lead_id, email, step_id, step_since, next_action_at)
    values (${workspaceId}, ${campaignId}, ${lead!.id}, 'owner@wake.example', 'ring', now(), null) returning id`;
  const sequenceStep = { enrolmentId: enrolment!.id, stepId: 'ring' };
  const [created] = await createCalls(sql, [
    { workspaceId, campaignId, leadId: lead!.id, toNumber: lead!.phone, phoneNumberId, attempt: 1, notBefore: new Date(), ...sequenceStep, attemptKey: callAttemptKey({ campaignId, leadId: lead!.id, attempt: 1, sequenceStep }) },
  ]);
  return { workspaceId, phoneNumberId, callId: created!.id };
}

/** Places the call at "Vapi" and has calls.webhook apply Vapi saying it ended with `endedReason`. */
async function endThroughWebhook(call: { workspaceId: string; phoneNumberId: string; callId: string }, endedReason: string) {
  await claimCallsToDial(sql, { workspaceId: call.workspaceId, phoneNumberId: call.phoneNumberId, now: new Date(), limit: 1, workspaceCap: 8, phoneNumberCap: 8 });
  const vapiCallId = `vapi-${call.callId}`;
  await markCallPlaced(sql, { workspaceId: call.workspaceId, callId: call.callId, vapiCallId, vapiStatus: 'queued' });
  const now = new Date().toISOString();
  const message = vapiStatusUpdateBody({ id: vapiCallId, orgId: 'org', type: 'outboundPhoneCall', status: 'ended', createdAt: now, updatedAt: now, assistantOverrides: { metadata: { callId: call.callId } } }, 'ended', { endedReason });
  const raw = JSON.stringify(message);
  const parsed = ZVapiServerMessage.parse(message);
  const stored = await storeCallWebhookEvent(sql, { eventKey: vapiEventKey(parsed as never, createHash('sha256').update(raw).digest('hex')), vapiCallId, type: parsed.message.type, payload: message });
  if (!stored.stored) throw new Error('the message was stored before');
  await callsWebhookJob.handler({ eventId: stored.id }, context('calls.webhook'));
  return (await sql<{ status: string }[]>`select status from calls where id = ${call.callId}`)[0]!.status;
}

it('wakes outreach.tick when a sequence’s call ends through the webhook with no attempt left, once however many end', async () => {
  expect(await endThroughWebhook(await queuedCall(), 'customer-ended-call')).toBe('completed');
  expect(await outreachTicks()).toBe(1);
  expect(await endThroughWebhook(await queuedCall(), 'customer-did-not-answer')).toBe('no_answer');
  expect(await outreachTicks()).toBe(1);
});

it('leaves outreach.tick to its cron when the call gets another attempt, or belongs to no sequence', async () => {
  expect(await endThroughWebhook(await queuedCall({ maxAttempts: 2 }), 'customer-did-not-answer')).toBe('no_answer');
  expect(await endThroughWebhook(await queuedCall({ sequence: false }), 'customer-ended-call')).toBe('completed');
  expect(await outreachTicks()).toBe(0);
});

it('wakes outreach.tick when calls.tick fails to place a sequence’s call', async () => {
  const call = await queuedCall({ assistantId: null });
  const caller = { sandbox: false } as VoiceCaller;
  await callsTickJob.handler({}, context('calls.tick', async () => caller));
  expect((await sql<{ status: string }[]>`select status from calls where id = ${call.callId}`)[0]!.status).toBe('failed');
  expect(await outreachTicks()).toBe(1);
});
