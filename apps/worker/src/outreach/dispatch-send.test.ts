import { defaultSequence, zoneOfSendWindowReason } from '@switchboard/core';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import { deriveUnsubscribeKey, verifyUnsubscribeToken } from '@switchboard/core/suppression';
import {
  addSuppression,
  createCampaign,
  createMailbox,
  createSql,
  dueSends,
  enrolApprovedLeads,
  findSend,
  recoverStuckSends,
  mergeLeadCandidates,
  setCampaignMailboxes,
  setCampaignSequence,
  setCampaignStatus,
  setMailboxStatus,
  transitionLeads,
  type MailboxSettings,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { startResendFake, type ResendFake } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { sandboxAiWriter } from '../adapters/ai-writer/index.ts';
import { resendEmail, sandboxEmail } from '../adapters/email/index.ts';
import type { EmailSender } from '../adapters/email/index.ts';
import { chunkLanes, dispatchSend, dispatchSends, prepareSends, sendPreparedSends, type DispatchServices } from './dispatch-send.ts';
import { scheduleDueEnrolments } from './schedule-enrolments.ts';
import { sandboxJobContext } from '../framework/job-context.testing.ts';
import { emailDispatchJob } from '../jobs/email.dispatch.ts';

let database: TestDatabase;
let sql: Sql;
let operator: TestMember;
let fake: ResendFake;
const log = createLogger({ name: 'dispatch-test', level: 'silent', format: 'json' });
const unsubscribeKey = deriveUnsubscribeKey(deriveMasterKey('a-test-master-secret-that-is-long-enough'));
// A Monday, 10:00 in Chicago (the leads are in Texas).
const MONDAY_10 = new Date('2026-11-30T16:00:00Z');
const ALWAYS_OPEN = { sendDays: [0, 1, 2, 3, 4, 5, 6], sendStartMinute: 0, sendEndMinute: 1440 };

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'dispatch-test' });
  operator = await createMember(sql, { email: 'operator@acme.test', role: 'operator' });
  fake = await startResendFake();
});

afterAll(async () => {
  await fake.close();
  await sql.end();
  await database.drop();
});

beforeEach(() => fake.clearFailures());

function services(sender: 'resend' | 'sandbox' | EmailSender = 'resend'): DispatchServices {
  return {
    sql,
    log,
    providerKey: async () => null,
    aiWriter: async () => sandboxAiWriter,
    publicUrl: 'https://switchboard.example',
    unsubscribeKey,
    emailFrom: 'Switchboard <hello@switchboard.example>',
    senderFor: async () =>
      typeof sender === 'object' ? sender : sender === 'resend' ? resendEmail({ apiKey: fake.apiKey, from: 'hello@switchboard.example', baseUrl: fake.baseUrl }) : sandboxEmail,
  };
}

/** A started campaign whose sends for the first email are planned, one per lead. */
async function plannedFirstEmails(name: string, leads: number, mailbox: Partial<MailboxSettings> = {}) {
  const { workspaceId, userId } = operator;
  const slug = name.toLowerCase().replaceAll(' ', '-');
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaign = await createCampaign(sql, { workspaceId, name, timeZone: 'America/Chicago', target, createdBy: userId });
  const created = await createMailbox(sql, {
    workspaceId, createdBy: userId, fromName: 'Ann Sales', fromAddress: `ann@${slug}.example`, provider: 'resend', limitPerMinute: 100, limitPerHour: 1000,
    limitPerDay: 2000, signature: 'Ann', postalAddress: '1 Main St, Austin TX', ...ALWAYS_OPEN, ...mailbox,
  });
  await setCampaignMailboxes(sql, workspaceId, campaign.id, [created!.id]);
  const candidates = Array.from({ length: leads }, (_, index) => ({
    name: `${name} ${index}`, city: 'Austin', region: 'Texas', country: 'US',
    contacts: [{ email: `owner${index}@${slug}-lead.example`, name: 'Maria Lopez' }],
    source: { kind: 'search' as const, ref: `https://${slug}-${index}.example/`, evidence: {} },
  }));
  const ids = (await mergeLeadCandidates(sql, { workspaceId, campaignId: campaign.id, candidates })).leads.map((lead) => lead.leadId);
  for (const event of ['queue_for_review', 'approve'] as const) await transitionLeads(sql, { workspaceId, event, target: { ids }, changedBy: userId });
  // The first email as the template writes it (AI writing is covered where the writer is).
  const sequence = defaultSequence();
  sequence.steps[0] = { ...sequence.steps[0]!, aiPersonalise: false } as (typeof sequence.steps)[number];
  await setCampaignSequence(sql, { workspaceId, campaignId: campaign.id, sequence, by: userId });
  await setCampaignStatus(sql, workspaceId, campaign.id, { from: ['draft'], to: 'active', by: userId });
  await enrolApprovedLeads(sql, { workspaceId, campaignId: campaign.id, enrolledBy: userId, firstStepId: sequence.steps[0]!.id, startAt: MONDAY_10 });
  const { sendIds } = await scheduleDueEnrolments({ sql, log }, { now: MONDAY_10, messageIdDomain: 'switchboard.example' });
  return { campaignId: campaign.id, mailboxId: created!.id, leadIds: ids, sends: sendIds.map((id) => ({ id, workspaceId })) };
}

it('sends once through Resend with the idempotency key, our Message-ID and one-click unsubscribe; a second dispatch sends nothing', async () => {
  const { sends, mailboxId } = await plannedFirstEmails('Plumbers', 1);
  const [send] = sends as [(typeof sends)[number]];
  expect(await dispatchSend(services(), send, MONDAY_10)).toBe('sent');
  expect(await dispatchSend(services(), send, MONDAY_10)).toBe('skipped');

  const stored = await findSend(sql, operator.workspaceId, send.id);
  expect(stored).toMatchObject({ status: 'sent', provider: 'resend', mailboxId, attempts: 1, subject: 'Quick question for Plumbers 0' });
  const accepted = fake.accepted.filter((email) => email.idempotencyKey === stored!.idempotencyKey);
  expect(accepted).toHaveLength(1);
  expect(stored?.providerMessageId).toBe(accepted[0]!.id);
  const body = accepted[0]!.body as { from: string; to: string[] | string; text: string; html: string; headers: Record<string, string>; tags: { name: string; value: string }[] };
  expect(body.from).toBe('Ann Sales <ann@plumbers.example>');
  expect(body.text).toContain('Hi Maria,');
  expect(body.text).toContain('1 Main St, Austin TX');
  expect(body.headers['Message-ID']).toBe(stored!.messageId);
  expect(body.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  const url = /<(https:\/\/switchboard\.example\/u\/[^>]+)>/.exec(body.headers['List-Unsubscribe'] ?? '')?.[1];
  expect(url).toBeDefined();
  expect(verifyUnsubscribeToken(unsubscribeKey, url!.split('/u/')[1]!)).toMatchObject({ workspaceId: operator.workspaceId, email: 'owner0@plumbers-lead.example', sendId: send.id });
  expect(body.tags).toContainEqual({ name: 'send_id', value: send.id });
});

it('never sends to a suppressed address: the sequence stops instead', async () => {
  const { sends } = await plannedFirstEmails('Suppressed', 1);
  await addSuppression(sql, { workspaceId: operator.workspaceId, kind: 'domain', value: 'suppressed-lead.example', source: 'manual', createdBy: operator.userId });
  const before = fake.requestCount;
  expect(await dispatchSend(services(), sends[0]!, MONDAY_10)).toBe('stopped');
  expect(fake.requestCount).toBe(before);
  expect(await findSend(sql, operator.workspaceId, sends[0]!.id)).toMatchObject({ status: 'canceled' });
});

it('retries a 429 after the wait Resend asked for, and fails a 422 at once with Resend’s reason', async () => {
  const { sends } = await plannedFirstEmails('Refusals', 2);
  const [first, second] = sends as [(typeof sends)[number], (typeof sends)[number]];
  fake.inject({ kind: 'rate_limit', retryAfterSeconds: 1200 });
  expect(await dispatchSend(services(), first, MONDAY_10)).toBe('retrying');
  const retrying = await findSend(sql, operator.workspaceId, first.id);
  expect(retrying?.status).toBe('retrying');
  expect(retrying!.notBefore.getTime()).toBeGreaterThanOrEqual(Date.now() + 1_100_000);

  fake.inject({ kind: 'validation', message: 'Invalid `to` field.' });
  expect(await dispatchSend(services(), second, MONDAY_10)).toBe('failed');
  expect(await findSend(sql, operator.workspaceId, second.id)).toMatchObject({ status: 'failed', failure: expect.stringContaining('Invalid `to` field.') });
});

it('waits for the recipient’s send window and for the mailbox’s limit instead of sending', async () => {
  const windowed = await plannedFirstEmails('Windowed', 1, { sendDays: [1, 2, 3, 4, 5], sendStartMinute: 9 * 60, sendEndMinute: 17 * 60 });
  const saturdayNight = new Date('2026-12-06T04:00:00Z'); // Saturday 22:00 in Chicago
  expect(await dispatchSend(services(), windowed.sends[0]!, saturdayNight)).toBe('deferred');
  const deferred = await findSend(sql, operator.workspaceId, windowed.sends[0]!.id);
  expect(deferred?.notBefore.toISOString()).toBe('2026-12-07T15:00:00.000Z');
  // The reason names the recipient's zone, as the campaign pages read it back.
  expect(zoneOfSendWindowReason(deferred?.failure ?? '')).toBe('America/Chicago');

  const limited = await plannedFirstEmails('Limited', 2, { limitPerMinute: 1, limitPerHour: 5, limitPerDay: 20 });
  const now = new Date();
  expect(await dispatchSend(services(), limited.sends[0]!, now)).toBe('sent');
  expect(await dispatchSend(services(), limited.sends[1]!, now)).toBe('deferred');
  expect((await findSend(sql, operator.workspaceId, limited.sends[1]!.id))?.status).toBe('queued');
});

it('lands in the sandbox outbox with its HTML part and headers when there is no provider', async () => {
  const { sends } = await plannedFirstEmails('Sandboxed', 1);
  expect(await dispatchSend(services('sandbox'), sends[0]!, MONDAY_10)).toBe('sent');
  const [email]: [{ bodyHtml: string; headers: Record<string, string> }?] = await sql`
    select body_html as "bodyHtml", headers from sandbox_outbox where send_id = ${sends[0]!.id}`;
  expect(email?.bodyHtml).toContain('<p>');
  // The unsubscribe link, token and all, wraps on a phone; the header carries the same URL, untouched.
  const link = /<a href="(https:\/\/switchboard\.example\/u\/[^"]+)" style="word-break:break-all;overflow-wrap:anywhere">/.exec(email?.bodyHtml ?? '')?.[1];
  expect(link).toBeDefined();
  expect(email?.headers['List-Unsubscribe']).toContain(`<${link}>`);
  expect(email?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  expect(await findSend(sql, operator.workspaceId, sends[0]!.id)).toMatchObject({ status: 'sent', provider: 'sandbox' });
});

it('recovers a send its worker left in sending: Resend is asked again with the same key and the email exists once; SMTP’s fails as in doubt', async () => {
  const { sends } = await plannedFirstEmails('Crashed', 2);
  const [viaResend, viaSmtp] = sends as [(typeof sends)[number], (typeof sends)[number]];
  // Resend takes the email but its answer never arrives (the worker then died before recording anything).
  fake.inject({ kind: 'hang', afterAccepting: true });
  const impatient = resendEmail({ apiKey: fake.apiKey, from: 'hello@switchboard.example', baseUrl: fake.baseUrl, timeoutMs: 300 });
  expect(await dispatchSend(services(impatient), viaResend, MONDAY_10)).toBe('retrying');
  await sql`update sends set status = 'sending', updated_at = now() - interval '1 hour' where id = ${viaResend.id}`;
  await sql`update sends set status = 'sending', provider = 'smtp', attempts = 1, updated_at = now() - interval '1 hour' where id = ${viaSmtp.id}`;

  expect(await recoverStuckSends(sql, { olderThan: new Date(Date.now() - 10 * 60_000), limit: 100 })).toEqual({ retried: [viaResend.id], failed: [viaSmtp.id] });
  expect(await dispatchSend(services(), viaResend, new Date())).toBe('sent');
  const stored = await findSend(sql, operator.workspaceId, viaResend.id);
  expect(fake.accepted.filter((email) => email.idempotencyKey === stored!.idempotencyKey)).toHaveLength(1);
  expect(stored).toMatchObject({ status: 'sent', providerMessageId: fake.accepted.find((email) => email.idempotencyKey === stored!.idempotencyKey)!.id });
  expect(await findSend(sql, operator.workspaceId, viaSmtp.id)).toMatchObject({ status: 'failed', failure: expect.stringContaining('In doubt') });
});

it('sends a retry from the mailbox its slot is on, even when another mailbox of the rotation now has more room', async () => {
  const { sends, mailboxId, campaignId } = await plannedFirstEmails('Sticky', 1);
  const send = sends[0]!;
  const { idempotencyKey } = (await findSend(sql, operator.workspaceId, send.id))!;
  // Resend takes the email from Ann's mailbox, but its answer never arrives.
  fake.inject({ kind: 'hang', afterAccepting: true });
  const impatient = resendEmail({ apiKey: fake.apiKey, from: 'hello@switchboard.example', baseUrl: fake.baseUrl, timeoutMs: 300 });
  expect(await dispatchSend(services(impatient), send, MONDAY_10)).toBe('retrying');
  // Before the retry, a mailbox with far more room joins the rotation.
  const roomier = await createMailbox(sql, {
    workspaceId: operator.workspaceId, createdBy: operator.userId, fromName: 'Bo Sales', fromAddress: 'bo@sticky.example', provider: 'resend',
    limitPerMinute: 500, limitPerHour: 5000, limitPerDay: 9000, signature: 'Bo', postalAddress: '1 Main St, Austin TX', ...ALWAYS_OPEN,
  });
  await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [roomier!.id, mailboxId]);
  // A second back: Postgres's now() has microseconds, the dispatcher's Date only milliseconds, so a
  // dispatch in the same millisecond would find the send not yet due.
  await sql`update sends set not_before = now() - interval '1 second' where id = ${send.id}`;

  // The same request again (a different sender would be a different payload for the same key): the email exists once.
  expect(await dispatchSend(services(), send, new Date())).toBe('sent');
  const accepted = fake.accepted.filter((email) => email.idempotencyKey === idempotencyKey);
  expect(accepted.map((email) => email.body.from)).toEqual(['Ann Sales <ann@sticky.example>']);
  expect(await findSend(sql, operator.workspaceId, send.id)).toMatchObject({ status: 'sent', mailboxId, providerMessageId: accepted[0]!.id });
});

it('waits rather than sending a retry from another mailbox when the one its slot is on was paused', async () => {
  const { sends, mailboxId, campaignId } = await plannedFirstEmails('Paused holder', 1);
  const send = sends[0]!;
  const { idempotencyKey } = (await findSend(sql, operator.workspaceId, send.id))!;
  fake.inject({ kind: 'hang', afterAccepting: true });
  const impatient = resendEmail({ apiKey: fake.apiKey, from: 'hello@switchboard.example', baseUrl: fake.baseUrl, timeoutMs: 300 });
  expect(await dispatchSend(services(impatient), send, MONDAY_10)).toBe('retrying');
  const other = await createMailbox(sql, {
    workspaceId: operator.workspaceId, createdBy: operator.userId, fromName: 'Bo Sales', fromAddress: 'bo@paused-holder.example', provider: 'resend',
    limitPerMinute: 500, limitPerHour: 5000, limitPerDay: 9000, signature: 'Bo', postalAddress: '1 Main St, Austin TX', ...ALWAYS_OPEN,
  });
  await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [other!.id, mailboxId]);
  await setMailboxStatus(sql, operator.workspaceId, mailboxId, { from: ['active'], to: 'paused', reason: 'bounces', by: null });
  await sql`update sends set not_before = now() - interval '1 second' where id = ${send.id}`;

  expect(await dispatchSend(services(), send, new Date())).toBe('deferred');
  expect(fake.accepted.filter((email) => email.idempotencyKey === idempotencyKey).map((email) => email.body.from)).toEqual(['Ann Sales <ann@paused-holder.example>']);
  expect(await findSend(sql, operator.workspaceId, send.id)).toMatchObject({ status: 'retrying', failure: expect.stringContaining('reserved a mailbox that cannot send now') });
});

it('sends a batch once each and no more than the mailbox’s limit: the rest wait for the window to free up', async () => {
  const { sends, mailboxId } = await plannedFirstEmails('Batched', 6, { limitPerMinute: 4, limitPerHour: 10, limitPerDay: 20 });
  const now = new Date();
  const outcomes = await dispatchSends(services(), sends, now);
  expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(4);
  expect(outcomes.filter((outcome) => outcome === 'deferred')).toHaveLength(2);
  const [{ slots }] = await sql<[{ slots: number }]>`select count(*)::int as slots from mailbox_send_slots where mailbox_id = ${mailboxId}`;
  expect(slots).toBe(4);
  for (const [index, send] of sends.entries()) {
    const stored = await findSend(sql, operator.workspaceId, send.id);
    const accepted = fake.accepted.filter((email) => email.idempotencyKey === stored!.idempotencyKey);
    if (outcomes[index] === 'sent') {
      expect(stored).toMatchObject({ status: 'sent', mailboxId, attempts: 1, providerMessageId: accepted[0]!.id });
      expect(accepted).toHaveLength(1);
    } else {
      expect(stored?.status).toBe('queued');
      expect(stored!.notBefore.getTime()).toBeGreaterThan(now.getTime());
      // The minute is full, not the mailbox gone: looked at again when the minute frees up, and said so.
      expect(stored!.notBefore.getTime()).toBeLessThanOrEqual(now.getTime() + 60_000);
      expect(stored?.failure).toBe('Every mailbox of this campaign is at its per-minute limit: the email waits for room.');
      expect(accepted).toHaveLength(0);
    }
  }
  // Dispatched again: what was sent is not sent twice.
  expect((await dispatchSends(services(), sends, now)).filter((outcome) => outcome === 'sent')).toHaveLength(0);
});

it('prepares the next batch while one is on its way: the read leaves out the sends in hand, and each email goes once', async () => {
  const { sends, campaignId } = await plannedFirstEmails('Overlapping', 6);
  const ours = (due: { id: string; campaignId: string }[]) => due.filter((send) => send.campaignId === campaignId).map((send) => send.id).sort();
  const now = new Date();
  const first = await prepareSends(services(), sends.slice(0, 3), now);
  // Prepared but not claimed: still queued, so only leaving them out keeps the next read off them.
  expect(ours(await dueSends(sql, { now, limit: 1000 }))).toEqual(sends.map((send) => send.id).sort());
  const inHand = sends.slice(0, 3).map((send) => send.id);
  expect(ours(await dueSends(sql, { now, limit: 1000, excludeIds: inHand }))).toEqual(sends.slice(3).map((send) => send.id).sort());
  const second = await prepareSends(services(), sends.slice(3), now);
  const lanes = chunkLanes(1);
  const outcomes = await Promise.all([sendPreparedSends(services(), first, lanes), sendPreparedSends(services(), second, lanes)]);
  expect(outcomes.flat()).toEqual(Array.from({ length: 6 }, () => 'sent'));
  for (const send of sends) {
    const stored = await findSend(sql, operator.workspaceId, send.id);
    expect(fake.accepted.filter((email) => email.idempotencyKey === stored!.idempotencyKey)).toHaveLength(1);
  }
});

it('runs at most as many chunks at once as the lanes allow, across batches, and says when few are left waiting', async () => {
  const lanes = chunkLanes(2);
  let running = 0;
  let most = 0;
  const releases: (() => void)[] = [];
  const chunk = () =>
    lanes.run(async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running -= 1;
    });
  const chunks = Array.from({ length: 5 }, chunk);
  let fewLeft = false;
  void lanes.waitingBelow(2).then(() => (fewLeft = true));
  await new Promise((resolve) => setImmediate(resolve));
  // Two run, three wait.
  expect([running, fewLeft]).toEqual([2, false]);
  releases.shift()!();
  await new Promise((resolve) => setImmediate(resolve));
  expect(running).toBe(2);
  releases.shift()!();
  await new Promise((resolve) => setImmediate(resolve));
  // One waits now.
  expect(fewLeft).toBe(true);
  while (releases.length > 0 || running > 0) {
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(chunks);
  expect(most).toBe(2);
});

it('tells the campaign board while a dispatch run is still sending, not only when the run ends', async () => {
  const { campaignId, sends } = await plannedFirstEmails('Live Board', 2);
  const heard: string[] = [];
  // The provider answers only once the board has heard of the send on its way (or after 5 s, too late).
  const slowSender: EmailSender = {
    provider: sandboxEmail.provider,
    send: async (message, target) => {
      const deadline = Date.now() + 5_000;
      while (!heard.includes(campaignId) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return sandboxEmail.send(message, target);
    },
  };
  const context = sandboxJobContext({
    queue: emailDispatchJob.queue,
    sql,
    log,
    discovery: undefined as never,
    unsubscribeKey,
    publicUrl: 'https://switchboard.example',
    publish: (async (_workspaceId: string, topic: string, payload: { campaignId?: string }) => {
      if (topic === 'outreach.changed' && payload.campaignId) heard.push(payload.campaignId);
    }) as never,
  });
  const startedAt = Date.now();
  await emailDispatchJob.handler({}, { ...context, senderFor: async () => slowSender } as never);
  expect(Date.now() - startedAt).toBeLessThan(4_000);
  expect(heard).toContain(campaignId);
  for (const send of sends) expect(await findSend(sql, operator.workspaceId, send.id)).toMatchObject({ status: 'sent' });
});
