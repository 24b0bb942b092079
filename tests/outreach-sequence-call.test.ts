// Issue 11's calls in sequences, end to end with real pg-boss jobs (outreach.tick, email.dispatch,
// calls.tick, calls.webhook run by a worker) and the real Vapi adapter against the local Vapi fake:
// email → wait two business days → call → branch on how the call went (answered → stop, not answered
// after the campaign's retries → email again). A reply while a lead's call is queued cancels the call
// before it is placed: the fake never sees a POST /call for that lead.
// Time passes by moving the stored clocks back (the wait's start, a retry's not-before): the jobs read
// the real clock.
import { createHash } from 'node:crypto';
import { deriveMasterKey } from '@switchboard/core/crypto';
import type { JobCatalog } from '@switchboard/core/jobs';
import { createLogger } from '@switchboard/core/logging';
import { deriveUnsubscribeKey } from '@switchboard/core/suppression';
import { vapiEventKey, ZSequence, ZVapiServerMessage, type LiveEvent } from '@switchboard/core';
import {
  countCallsByStep,
  createBoss,
  createCampaign,
  createMailbox,
  createSql,
  enrolApprovedLeads,
  listenEvents,
  mergeLeadCandidates,
  setCampaignCallSettings,
  setCampaignMailboxes,
  setCampaignSequence,
  setCampaignStatus,
  storeCallWebhookEvent,
  transitionLeads,
  type ProviderKeyResolver,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { startVapiFake, vapiStatusUpdateBody, type VapiFake } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyInboundEmail } from '../apps/worker/src/email-events/apply-inbound.ts';
import type { RunningWorker } from '../apps/worker/src/framework/start-worker.ts';
import { callsTickJob } from '../apps/worker/src/jobs/calls.tick.ts';
import { callsWebhookJob } from '../apps/worker/src/jobs/calls.webhook.ts';
import { emailDispatchJob } from '../apps/worker/src/jobs/email.dispatch.ts';
import { outreachTickJob } from '../apps/worker/src/jobs/outreach.tick.ts';
import { startSwitchboardWorker } from '../apps/worker/src/worker.ts';
import { createMember, type TestMember } from './accounts.ts';
import { createTestDatabase } from './database.ts';
import { until } from './processes.ts';

const log = createLogger({ name: 'outreach-sequence-call-test', level: 'silent', format: 'json' });
const PHONE_NUMBER_ID = 'pn-sequence';
const WAIT_MS = 30_000;
// Every day, every hour: the test runs whenever it runs.
const ALWAYS = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, startHour: 0, endHour: 24 };
const SEQUENCE = ZSequence.parse({
  steps: [
    { id: 'intro', type: 'email', subject: 'Hello {{ lead.name }}', body: 'Hi.\n\nUnsubscribe: {{ unsubscribe_url }}' },
    { id: 'two-days', type: 'wait', businessDays: 2 },
    { id: 'ring', type: 'call', note: 'Ask for the owner' },
    { id: 'if-answered', type: 'branch', on: 'call_answered', then: { action: 'stop' } },
    { id: 'sorry', type: 'email', subject: 'Sorry I missed you', body: 'Tried to call.\n\nUnsubscribe: {{ unsubscribe_url }}' },
  ],
});
const LEADS = [
  { key: 'answers', phone: '+15125550101' },
  { key: 'misses', phone: '+15125550102' },
  { key: 'replies', phone: '+15125550103' },
] as const;
type LeadKey = (typeof LEADS)[number]['key'];

let database: TestDatabase;
let sql: Sql;
let vapi: VapiFake;
let worker: RunningWorker<JobCatalog>;
let member: TestMember;
let listening: { close(): Promise<void> } | undefined;
const events: LiveEvent[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'outreach-sequence-call-test' });
  vapi = await startVapiFake();
  member = await createMember(sql, { email: 'olive@sequence-call.test', role: 'operator', workspaceName: 'Acme' });
  listening = await listenEvents(sql, (event) => void events.push(event));
  const providerKey = (async (workspaceId: string | null, kind: string) =>
    kind === 'vapi' && workspaceId ? { fields: { apiKey: vapi.apiKey, phoneNumberId: PHONE_NUMBER_ID }, source: 'environment' } : null) as ProviderKeyResolver;
  worker = await startSwitchboardWorker({
    sql,
    boss: createBoss(database.url, 'worker', { supervise: false }),
    log,
    jobs: [outreachTickJob, emailDispatchJob, callsTickJob, callsWebhookJob],
    providerKey,
    baseUrls: { vapi: vapi.baseUrl },
    unsubscribeKey: deriveUnsubscribeKey(deriveMasterKey('sequence-call-test-master-secret-0123456789')),
    publicUrl: 'https://switchboard.example',
    pollingIntervalSeconds: 0.5,
  });
});

afterAll(async () => {
  await worker?.stop(1_000);
  await listening?.close();
  await vapi?.close();
  await sql?.end();
  await database?.drop();
});

/** An active campaign with the sequence above, a mailbox that sends any time, calls any time with two attempts, and the three leads enrolled. */
async function startedCampaign(): Promise<{ campaignId: string; leadIds: Record<LeadKey, string> }> {
  const { workspaceId, userId } = member;
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaign = await createCampaign(sql, { workspaceId, name: 'Call in sequence', timeZone: 'America/Chicago', target, createdBy: userId });
  const mailbox = await createMailbox(sql, {
    workspaceId, createdBy: userId, fromName: 'Ann', fromAddress: 'ann@acme.example', provider: 'resend', limitPerMinute: 100, limitPerHour: 100, limitPerDay: 100,
    signature: 'Ann', postalAddress: '1 Main St, Austin TX', sendDays: [0, 1, 2, 3, 4, 5, 6], sendStartMinute: 0, sendEndMinute: 1440,
  });
  await setCampaignMailboxes(sql, workspaceId, campaign.id, [mailbox!.id]);
  const candidates = LEADS.map((lead) => ({
    name: `Plumber who ${lead.key}`, city: 'Austin', region: 'Texas', country: 'US', phone: lead.phone,
    contacts: [{ email: `owner@${lead.key}.example` }],
    source: { kind: 'search' as const, ref: `https://${lead.key}.example/`, evidence: {} },
  }));
  const ids = (await mergeLeadCandidates(sql, { workspaceId, campaignId: campaign.id, candidates })).leads.map((lead) => lead.leadId);
  for (const event of ['queue_for_review', 'approve'] as const) await transitionLeads(sql, { workspaceId, event, target: { ids }, changedBy: userId });
  await setCampaignSequence(sql, { workspaceId, campaignId: campaign.id, sequence: SEQUENCE, by: userId });
  await setCampaignCallSettings(sql, { workspaceId, campaignId: campaign.id, assistantId: 'asst-sequence', maxAttempts: 2, spacingMinutes: 60, callWindow: { ...ALWAYS, days: [...ALWAYS.days] }, budgetUsd: 0 });
  await setCampaignStatus(sql, workspaceId, campaign.id, { from: ['draft'], to: 'active', by: userId });
  await enrolApprovedLeads(sql, { workspaceId, campaignId: campaign.id, enrolledBy: userId, firstStepId: 'intro', startAt: new Date(Date.now() - 1_000) });
  const phones = await sql<{ id: string; phone: string }[]>`select id, phone from leads where id = any(${ids}::uuid[])`;
  const leadIds = Object.fromEntries(LEADS.map((lead) => [lead.key, phones.find((row) => row.phone === lead.phone)!.id])) as Record<LeadKey, string>;
  return { campaignId: campaign.id, leadIds };
}

interface CallRowSeen {
  id: string;
  leadId: string;
  attempt: number;
  status: string;
  vapiCallId: string | null;
  enrolmentId: string | null;
  stepId: string | null;
}
const callsOf = (campaignId: string) =>
  sql<CallRowSeen[]>`
    select id, lead_id as "leadId", attempt, status, vapi_call_id as "vapiCallId", enrolment_id as "enrolmentId", step_id as "stepId"
    from calls where campaign_id = ${campaignId} order by lead_id, attempt`;
const sendsOf = (campaignId: string) =>
  sql<{ leadId: string; stepId: string; status: string; messageId: string }[]>`
    select lead_id as "leadId", step_id as "stepId", status, message_id as "messageId" from sends where campaign_id = ${campaignId} order by created_at`;
const enrolmentOf = async (campaignId: string, leadId: string) =>
  (await sql<{ id: string; status: string; stopReason: string | null; nextActionAt: Date | null }[]>`
    select id, status, stop_reason as "stopReason", next_action_at as "nextActionAt" from enrolments where campaign_id = ${campaignId} and lead_id = ${leadId}`)[0]!;

/** Vapi says the call ended (as its webhook would: stored once, then applied by a calls.webhook job). */
async function endCall(vapiCallId: string, endedReason: string): Promise<void> {
  const message = vapiStatusUpdateBody(vapi.call(vapiCallId)!, 'ended', { endedReason });
  const parsed = ZVapiServerMessage.parse(message);
  const stored = await storeCallWebhookEvent(sql, {
    eventKey: vapiEventKey(parsed as never, createHash('sha256').update(JSON.stringify(message)).digest('hex')), vapiCallId, type: 'status-update', payload: message,
  });
  if (!stored.stored) throw new Error('the webhook event was not stored');
  await worker.enqueue('calls.webhook', { eventId: stored.id });
}

/** Runs one job of `queue` through the worker and waits until it has finished. */
async function ran(queue: 'outreach.tick' | 'calls.tick'): Promise<void> {
  const id = await worker.enqueue(queue, {});
  await until(async () => {
    const [job] = await sql<{ state: string }[]>`select state from pgboss.job where id = ${id}`;
    if (job && ['failed', 'cancelled'].includes(job.state)) throw new Error(`${queue} ${job.state}`);
    return job?.state === 'completed' ? true : undefined;
  }, `${queue} finished`, WAIT_MS);
}

const placedTo = (phone: string) => vapi.placed.filter((call) => (call.body.customer as { number?: string } | undefined)?.number === phone);

it('emails, waits, calls, and branches on the call: answered stops, not answered after the retries emails again; a reply while the call is queued cancels it unplaced', { timeout: 120_000 }, async () => {
  const { campaignId, leadIds } = await startedCampaign();
  const { workspaceId } = member;

  // The intro email goes out to all three.
  await worker.enqueue('outreach.tick', {});
  await until(async () => ((await sendsOf(campaignId)).filter((send) => send.stepId === 'intro' && send.status === 'sent').length === 3 ? true : undefined), 'the intro emails sent', WAIT_MS);
  // A tick now finds them waiting two business days: no call yet.
  await worker.enqueue('outreach.tick', {});
  await until(async () => ((await enrolmentOf(campaignId, leadIds.answers)).nextActionAt!.getTime() > Date.now() + 86_400_000 ? true : undefined), 'the wait planned', WAIT_MS);
  expect(await callsOf(campaignId)).toEqual([]);

  // Two business days later (the wait moved back), the tick queues one call per lead, linked to its enrolment and step.
  await sql`update enrolments set step_since = step_since - interval '14 days', next_action_at = now() where campaign_id = ${campaignId}`;
  await worker.enqueue('outreach.tick', {});
  const queued = await until(async () => {
    const calls = await callsOf(campaignId);
    return calls.length === 3 ? calls : undefined;
  }, 'three calls queued', WAIT_MS);
  for (const call of queued) expect(call).toMatchObject({ attempt: 1, status: 'queued', stepId: 'ring', enrolmentId: (await enrolmentOf(campaignId, call.leadId)).id });
  await until(async () => (queued.every((call) => events.some((event) => event.topic === 'calls.changed' && (event.payload as { callId: string; status: string }).callId === call.id && (event.payload as { status: string }).status === 'queued')) ? true : undefined), 'calls.changed for each queued call', WAIT_MS);
  // Planning again (a crash, a second tick) queues nothing twice.
  await ran('outreach.tick');
  await ran('calls.tick');
  expect(await callsOf(campaignId)).toHaveLength(3);
  // The campaign's call budget of $0 holds them in the queue meanwhile.
  expect(vapi.placed).toHaveLength(0);

  // The third lead replies to the intro email while its call is queued: the sequence stops and the call is canceled at once.
  const intro = (await sendsOf(campaignId)).find((send) => send.leadId === leadIds.replies && send.stepId === 'intro')!;
  await sql.begin((tx) =>
    applyInboundEmail(tx, log, {
      eventKey: 'reply-1', from: 'Owner <owner@replies.example>', to: ['ann@acme.example'], subject: 'Re: Hello', headers: { 'in-reply-to': intro.messageId },
      text: 'Yes, call me next week instead.', html: null, receivedAt: new Date(), workspaceId,
    }),
  );
  const replierCall = queued.find((call) => call.leadId === leadIds.replies)!;
  expect((await callsOf(campaignId)).find((call) => call.id === replierCall.id)).toMatchObject({ status: 'canceled' });
  expect(await enrolmentOf(campaignId, leadIds.replies)).toMatchObject({ status: 'stopped', stopReason: 'replied' });
  await until(async () => (events.some((event) => event.topic === 'calls.changed' && (event.payload as { callId: string }).callId === replierCall.id && (event.payload as { status: string }).status === 'canceled') ? true : undefined), 'calls.changed canceled', WAIT_MS);

  // Given a budget, the scheduler places the other two calls, never the canceled one.
  await sql`update campaigns set call_budget_usd = null where id = ${campaignId}`;
  await worker.enqueue('calls.tick', {});
  const placed = await until(async () => {
    const calls = (await callsOf(campaignId)).filter((call) => call.vapiCallId);
    return calls.length === 2 ? calls : undefined;
  }, 'two calls placed', WAIT_MS);
  expect(placed.map((call) => call.leadId).sort()).toEqual([leadIds.answers, leadIds.misses].sort());

  // The first lead answers; the second does not: its second attempt is queued by the campaign's policy.
  const answered = placed.find((call) => call.leadId === leadIds.answers)!;
  const missed = placed.find((call) => call.leadId === leadIds.misses)!;
  await endCall(answered.vapiCallId!, 'customer-ended-call');
  await endCall(missed.vapiCallId!, 'customer-did-not-answer');
  const retry = await until(async () => (await callsOf(campaignId)).find((call) => call.leadId === leadIds.misses && call.attempt === 2), 'the second attempt queued', WAIT_MS);
  expect(retry).toMatchObject({ status: 'queued', enrolmentId: missed.enrolmentId, stepId: 'ring' });

  // The answered lead's sequence stops at the branch; the missed lead's waits for its last attempt.
  await worker.enqueue('outreach.tick', {});
  await until(async () => ((await enrolmentOf(campaignId, leadIds.answers)).status === 'completed' ? true : undefined), 'the answered lead’s sequence completed', WAIT_MS);
  await ran('outreach.tick');
  expect(await enrolmentOf(campaignId, leadIds.misses)).toMatchObject({ status: 'active', nextActionAt: null });
  expect((await sendsOf(campaignId)).filter((send) => send.stepId === 'sorry')).toEqual([]);

  // An hour later (the retry's not-before moved back) the second attempt is placed, and nobody answers it either.
  await sql`update calls set not_before = now() where id = ${retry.id}`;
  await worker.enqueue('calls.tick', {});
  const second = await until(async () => (await callsOf(campaignId)).find((call) => call.id === retry.id && call.vapiCallId), 'the second attempt placed', WAIT_MS);
  await endCall(second.vapiCallId!, 'customer-busy');
  await until(async () => ((await callsOf(campaignId)).find((call) => call.id === retry.id)?.status === 'busy' ? true : undefined), 'the second attempt ended busy', WAIT_MS);
  // Two attempts were the campaign's limit: no third, and the sequence goes on to "sorry".
  await worker.enqueue('outreach.tick', {});
  await until(async () => ((await sendsOf(campaignId)).some((send) => send.leadId === leadIds.misses && send.stepId === 'sorry' && send.status === 'sent') ? true : undefined), 'the sorry email sent', WAIT_MS);
  await worker.enqueue('outreach.tick', {});
  await until(async () => ((await enrolmentOf(campaignId, leadIds.misses)).status === 'completed' ? true : undefined), 'the missed lead’s sequence completed', WAIT_MS).catch(async (error: Error) => {
    const rows = await sql`select status, step_id, step_since, next_action_at, stop_reason from enrolments where campaign_id = ${campaignId}`;
    const jobs = await sql`select name, state, output from pgboss.job where name = 'outreach.tick' order by created_on desc limit 3`;
    throw new Error(`${error.message}\n${JSON.stringify(rows)}\n${JSON.stringify(jobs)}`);
  });

  const calls = await callsOf(campaignId);
  expect(calls.map((call) => [call.leadId === leadIds.answers ? 'answers' : call.leadId === leadIds.misses ? 'misses' : 'replies', call.attempt, call.status]).sort()).toEqual([
    ['answers', 1, 'completed'],
    ['misses', 1, 'no_answer'],
    ['misses', 2, 'busy'],
    ['replies', 1, 'canceled'],
  ]);
  // Counted at the fake: each attempt placed once, and never a call to the lead who replied.
  for (const call of calls) expect(vapi.placedFor(call.id)).toBe(call.status === 'canceled' ? 0 : 1);
  expect(placedTo('+15125550103')).toEqual([]);
  // Nobody but the missed lead got the second email; the board heard of the moves.
  expect((await sendsOf(campaignId)).filter((send) => send.stepId === 'sorry').map((send) => send.leadId)).toEqual([leadIds.misses]);
  expect(events.some((event) => event.topic === 'outreach.changed' && (event.payload as { campaignId: string }).campaignId === campaignId)).toBe(true);
  // The board's call step row counts each lead once, by its latest attempt.
  expect(await countCallsByStep(sql, workspaceId, campaignId)).toEqual([{ stepId: 'ring', waiting: 0, live: 0, answered: 1, voicemail: 0, noAnswer: 1, canceled: 1 }]);
});
