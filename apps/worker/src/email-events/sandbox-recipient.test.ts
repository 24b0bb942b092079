// The sandbox recipient end to end on a real Postgres and real pg-boss queues: campaign emails the
// email.dispatch job leaves in the sandbox outbox get their simulated events (email.sandbox-recipient, started after their delay),
// stored as webhook events and applied by email.webhook, as Resend's are.
import { planSandboxRecipient, SANDBOX_REPLY_NOTE, sandboxOutcomeOverdueAfterMs, sandboxRecipientEventBody, type SandboxRecipientEvent } from '@switchboard/core';
import { deriveMasterKey } from '@switchboard/core/crypto';
import type { JobCatalog } from '@switchboard/core/jobs';
import { createLogger } from '@switchboard/core/logging';
import { deriveUnsubscribeKey } from '@switchboard/core/suppression';
import { createBoss, createMailbox, createSql, listInboxMessages, QUEUE_SCHEMA, setCampaignMailboxes, storeEmailWebhookEvent, suppressedAddresses, type JobEnqueue, type ProviderKeyResolver, type Sql } from '@switchboard/db';
import { TEST_MAILBOX_SETTINGS, type TestDatabase } from '@switchboard/db/testing';
import { startResendFake, type ResendFake } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { sandboxJobContext } from '../framework/job-context.testing.ts';
import type { RunningWorker } from '../framework/start-worker.ts';
import { emailDispatchJob } from '../jobs/email.dispatch.ts';
import { emailSandboxRecipientJob } from '../jobs/email.sandbox-recipient.ts';
import { emailWebhookJob } from '../jobs/email.webhook.ts';
import { startedCampaign } from '../outreach/campaign.testing.ts';
import { scheduleDueEnrolments } from '../outreach/schedule-enrolments.ts';
import { startSwitchboardWorker } from '../worker.ts';
import { sweepSandboxRecipient } from './sandbox-sweep.ts';

const log = createLogger({ name: 'sandbox-recipient-test', level: 'silent', format: 'json' });
// A thousand times faster than real time: every planned event is due within a second.
const SETTINGS = { seed: 23, timeScale: 0.001 };
// A Monday, 10:00 in Chicago (the leads are in Texas).
const MONDAY = new Date('2026-11-30T16:00:00Z');
const QUEUES = ['email.sandbox-recipient', 'email.webhook'];

let database: TestDatabase;
let sql: Sql;
let operator: TestMember;
let worker: RunningWorker<JobCatalog>;
let resend: ResendFake;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'sandbox-recipient-test' });
  operator = await createMember(sql, { email: 'operator@acme.test', role: 'operator' });
  resend = await startResendFake();
  worker = await startSwitchboardWorker({
    sql,
    boss: createBoss(database.url, 'worker', { supervise: false, schedule: false }),
    log,
    jobs: [emailSandboxRecipientJob, emailWebhookJob],
    sandboxRecipient: SETTINGS,
    pollingIntervalSeconds: 0.5,
  });
});

afterAll(async () => {
  await worker.stop(1_000);
  await resend.close();
  await sql.end();
  await database.drop();
});

/**
 * A started campaign with `leads` leads whose first emails the email.dispatch job sent, with no provider
 * key (the sandbox outbox) or with a Resend key (`live`); with `drawn: false` the worker has no sandbox
 * recipient, so no drawn events are queued (a test then asks for one by name); with `queueFails` queuing
 * the drawn events fails, as when the queue is unreachable just after the emails are marked sent.
 */
async function sentCampaign(name: string, leads: number, options: { live?: boolean; drawn?: boolean; queueFails?: boolean } = {}) {
  const { workspaceId, userId } = operator;
  const { campaignId, domain } = await startedCampaign(sql, operator, { name, leads, startAt: MONDAY });
  const mailbox = (await createMailbox(sql, {
    ...TEST_MAILBOX_SETTINGS,
    fromAddress: `ann@${domain}.test`,
    limitPerMinute: 100,
    limitPerHour: 1000,
    limitPerDay: 2000,
    sendDays: [0, 1, 2, 3, 4, 5, 6],
    sendStartMinute: 0,
    sendEndMinute: 1440,
    workspaceId,
    createdBy: userId,
  }))!;
  await setCampaignMailboxes(sql, workspaceId, campaignId, [mailbox.id]);
  await scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test' });
  const context = sandboxJobContext({
    queue: 'email.dispatch',
    sql,
    log,
    publish: async () => undefined,
    discovery: undefined as never,
    enqueue: options.queueFails ? failingSandboxQueue : worker.enqueue,
    unsubscribeKey: deriveUnsubscribeKey(deriveMasterKey('a-test-master-secret-that-is-long-enough')),
    sandboxRecipient: options.drawn === false ? null : SETTINGS,
    ...(options.live ? { providerKey: resendKey, baseUrls: { resend: resend.baseUrl } } : {}),
  });
  await emailDispatchJob.handler({}, context);
  const sends = await sql<{ id: string; leadId: string; toAddress: string; provider: string }[]>`
    select id, lead_id as "leadId", to_address as "toAddress", provider from sends where campaign_id = ${campaignId} and status = 'sent' order by id`;
  expect(sends).toHaveLength(leads);
  expect(new Set(sends.map((send) => send.provider))).toEqual(new Set([options.live ? 'resend' : 'sandbox']));
  return { campaignId, sends };
}

/** The worker's queues, except that the sandbox recipient's jobs cannot be queued. */
const failingSandboxQueue = ((queue, ...rest) =>
  queue === 'email.sandbox-recipient' ? Promise.reject(new Error('the queue is unreachable')) : worker.enqueue(queue, ...rest)) as JobEnqueue;

/** The environment's Resend key (at the fake), and no other. */
const resendKey: ProviderKeyResolver = async (_workspaceId, kind) => (kind === 'resend' ? ({ fields: { apiKey: resend.apiKey }, source: 'environment' } as never) : null);

/** Waits until both queues have nothing waiting, retrying or running (delayed events included). */
async function settled() {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [row] = await sql<{ pending: number }[]>`
      select count(*)::int as pending from ${sql(QUEUE_SCHEMA)}.job where name = any(${QUEUES}) and state in ('created', 'retry', 'active')`;
    if (row!.pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the sandbox recipient’s jobs did not settle within 20 s');
}

async function simulate(send: { id: string }, event: SandboxRecipientEvent, times = 1) {
  for (let run = 0; run < times; run += 1) await worker.enqueue('email.sandbox-recipient', { workspaceId: operator.workspaceId, sendId: send.id, event });
  await settled();
}

async function storedEvents(sendId: string) {
  return sql<{ provider: string; providerEventId: string; type: string; processed: boolean }[]>`
    select provider, provider_event_id as "providerEventId", type, processed_at is not null as processed
    from email_webhook_events where provider_event_id like ${`sandbox:${sendId}:%`} order by received_at`;
}

/** The send's events are the ones its seed draws, each stored once under provider sandbox and applied; returns its plan. */
async function expectEachPlannedEventStoredOnce(sendId: string) {
  const plan = planSandboxRecipient({ ...SETTINGS, sendId });
  const events = await storedEvents(sendId);
  expect(events.map((event) => event.providerEventId).sort()).toEqual(plan.map(({ event }) => `sandbox:${sendId}:${event}`).sort());
  expect(events.every((event) => event.processed && event.provider === 'sandbox')).toBe(true);
  return plan;
}

async function leadState(leadId: string) {
  const [lead] = await sql<{ status: string }[]>`select status from leads where id = ${leadId}`;
  const enrolments = await sql<{ status: string; stopReason: string | null }[]>`select status, stop_reason as "stopReason" from enrolments where lead_id = ${leadId}`;
  return { status: lead!.status, enrolments };
}

const OUTCOME_COLUMN: Partial<Record<SandboxRecipientEvent, string>> = { delivered: 'deliveredAt', bounced: 'bouncedAt', complained: 'complainedAt' };

describe('the sandbox recipient', () => {
  it('gives every sandbox send exactly one outcome, the one its seed draws, each event stored once and applied', async () => {
    const { sends } = await sentCampaign('Outcomes', 30);
    await settled();
    for (const send of sends) {
      const plan = await expectEachPlannedEventStoredOnce(send.id);
      const [row] = await sql<Record<string, Date | null>[]>`
        select delivered_at as "deliveredAt", bounced_at as "bouncedAt", complained_at as "complainedAt" from sends where id = ${send.id}`;
      const outcome = plan[0]!.event;
      const recorded = Object.entries(row!).filter(([, at]) => at !== null).map(([column]) => column);
      expect(recorded).toEqual([OUTCOME_COLUMN[outcome]]);
    }
  });

  it('answers in the thread: the reply stops the sequence and shows in the Inbox as Sandbox; a retried job applies it once', async () => {
    const { campaignId, sends } = await sentCampaign('Reply', 1, { drawn: false });
    const send = sends[0]!;
    await simulate(send, 'replied', 2);
    expect(await storedEvents(send.id)).toEqual([{ provider: 'sandbox', providerEventId: `sandbox:${send.id}:replied`, type: 'email.received', processed: true }]);
    expect(await leadState(send.leadId)).toEqual({ status: 'replied', enrolments: [{ status: 'stopped', stopReason: 'replied' }] });
    const inbox = await listInboxMessages(sql, { workspaceId: operator.workspaceId, campaignId, limit: 10 });
    expect(inbox).toEqual([expect.objectContaining({ kind: 'reply', fromAddress: send.toAddress, leadId: send.leadId, subject: expect.stringMatching(/^\[Sandbox\] Re: /), simulated: true })]);
    const [message] = await sql<{ text: string; sendId: string }[]>`select text, send_id as "sendId" from lead_messages where lead_id = ${send.leadId}`;
    expect(message).toEqual({ text: expect.stringContaining(SANDBOX_REPLY_NOTE), sendId: send.id });
    // Run again later (a redelivered job): nothing new is stored or applied.
    await simulate(send, 'replied');
    expect(await listInboxMessages(sql, { workspaceId: operator.workspaceId, campaignId, limit: 10 })).toHaveLength(1);
  });

  it('marks a simulated reply stored before migration 0051 (as Resend’s, with its sandbox key) simulated when it is applied', async () => {
    const { campaignId, sends } = await sentCampaign('Reply before 0051', 1, { drawn: false });
    const [send] = await sql<{ id: string; providerMessageId: string; messageId: string; toAddress: string; subject: string }[]>`
      select id, provider_message_id as "providerMessageId", message_id as "messageId", to_address as "toAddress", subject from sends where id = ${sends[0]!.id}`;
    const payload = sandboxRecipientEventBody('replied', { ...send!, sendId: send!.id, fromAddress: 'ann@example.test' }, new Date(), SETTINGS.seed);
    const stored = await storeEmailWebhookEvent(sql, { provider: 'resend', providerEventId: `sandbox:${send!.id}:replied`, type: payload.type, payload, send: { emailId: null, sendId: send!.id } });
    if (!stored.stored) throw new Error('the event was stored before this test');
    await worker.enqueue('email.webhook', { eventId: stored.id });
    await settled();
    expect(await listInboxMessages(sql, { workspaceId: operator.workspaceId, campaignId, limit: 10 })).toEqual([expect.objectContaining({ kind: 'reply', simulated: true })]);
  });

  it('leaves the sequence running on a simulated out-of-office, which the Inbox still shows', async () => {
    const { campaignId, sends } = await sentCampaign('Away', 1, { drawn: false });
    await simulate(sends[0]!, 'auto_replied');
    expect(await leadState(sends[0]!.leadId)).toEqual({ status: 'in_outreach', enrolments: [{ status: 'active', stopReason: null }] });
    expect(await listInboxMessages(sql, { workspaceId: operator.workspaceId, campaignId, limit: 10 })).toEqual([expect.objectContaining({ kind: 'out_of_office', simulated: true })]);
  });

  it('stops and suppresses on a simulated hard bounce, as on a real one', async () => {
    const { sends } = await sentCampaign('Bounce', 1, { drawn: false });
    const send = sends[0]!;
    await simulate(send, 'bounced', 2);
    expect(await leadState(send.leadId)).toEqual({ status: 'bounced', enrolments: [{ status: 'stopped', stopReason: 'bounced' }] });
    expect(await suppressedAddresses(sql, operator.workspaceId, [send.toAddress])).toEqual(new Set([send.toAddress]));
    const waiting = await sql<{ status: string }[]>`select status from sends where lead_id = ${send.leadId} and status <> 'sent'`;
    expect(waiting.every((row) => row.status === 'canceled')).toBe(true);
    expect(await storedEvents(send.id)).toHaveLength(1);
  });

  it('simulates nothing for an email a live provider took, even when asked', async () => {
    const { sends } = await sentCampaign('Live', 3, { live: true });
    const [queued] = await sql<{ n: number }[]>`
      select count(*)::int as n from ${sql(QUEUE_SCHEMA)}.job where name = 'email.sandbox-recipient' and data->>'sendId' = any(${sends.map((send) => send.id)})`;
    expect(queued!.n).toBe(0);
    // A job naming a live send (it cannot be queued by the product, but a hand-made one is refused too).
    await simulate(sends[0]!, 'replied');
    expect(await storedEvents(sends[0]!.id)).toEqual([]);
    expect((await leadState(sends[0]!.leadId)).status).toBe('in_outreach');
  });

  it('gives emails whose events could not be queued each of their events exactly once from the sweep, once they are overdue; a later sweep adds nothing', async () => {
    const { sends } = await sentCampaign('Lost', 6, { queueFails: true });
    const ids = sends.map((send) => send.id);
    const jobsFor = async () => {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(QUEUE_SCHEMA)}.job where name = 'email.sandbox-recipient' and data->>'sendId' = any(${ids})`;
      return row!.n;
    };
    expect(await jobsFor()).toBe(0);
    const services = { sql, log, enqueue: worker.enqueue };
    // Just sent: the events may still be on their way, so the sweep leaves them.
    await sweepSandboxRecipient(services, SETTINGS);
    expect(await jobsFor()).toBe(0);

    const [{ lastSentAt }] = await sql<[{ lastSentAt: Date }]>`select max(sent_at) as "lastSentAt" from sends where id = any(${ids})`;
    const overdue = new Date(lastSentAt.getTime() + sandboxOutcomeOverdueAfterMs(SETTINGS.timeScale) + 1_000);
    // Two sweeps before any of their jobs ran (two workers, or a slow queue) queue the events twice.
    const first = await sweepSandboxRecipient(services, SETTINGS, overdue);
    const second = await sweepSandboxRecipient(services, SETTINGS, overdue);
    expect(first.sends).toBeGreaterThanOrEqual(sends.length);
    expect(second.sends).toBeLessThanOrEqual(first.sends);
    await settled();
    for (const send of sends) {
      const plan = await expectEachPlannedEventStoredOnce(send.id);
      const [row] = await sql<{ delivery: string | null; messages: number }[]>`
        select delivery, (select count(*)::int from lead_messages m where m.send_id = s.id) as messages from sends s where id = ${send.id}`;
      expect(row!.delivery).toBe(plan[0]!.event);
      expect(row!.messages).toBe(plan.filter(({ event }) => event === 'replied' || event === 'auto_replied').length);
    }
    const queued = await jobsFor();
    expect(await sweepSandboxRecipient(services, SETTINGS, overdue)).toEqual({ sends: 0, queued: 0 });
    expect(await jobsFor()).toBe(queued);
  });
});
