import type { EventTopic } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import {
  claimSendForSending,
  createMailbox,
  createSql,
  getMailbox,
  listAudit,
  listLeadMessages,
  markSendSent,
  storeEmailWebhookEvent,
  suppressedAddresses,
  type Sql,
} from '@switchboard/db';
import { TEST_MAILBOX_SETTINGS, type TestDatabase } from '@switchboard/db/testing';
import { RESEND_FAKE_API_KEY, resendEventBody, startResendFake, type ResendEventType, type ResendFake } from '@switchboard/provider-fakes';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { emailWebhookJob } from '../jobs/email.webhook.ts';
import type { WorkerJobContext } from '../services.ts';
import { startedCampaign } from '../outreach/campaign.testing.ts';
import { scheduleDueEnrolments } from '../outreach/schedule-enrolments.ts';
import { applyEmailEvent } from './apply-event.ts';

let database: TestDatabase;
let sql: Sql;
let operator: TestMember;
let resend: ResendFake;
const log = createLogger({ name: 'email-events-test', level: 'silent', format: 'json' });
// A Monday, 10:00 in Chicago.
const MONDAY = new Date('2026-11-30T16:00:00Z');
const THURSDAY = new Date('2026-12-03T16:00:01Z');

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'email-events-test' });
  operator = await createMember(sql, { email: 'operator@acme.test', role: 'operator' });
  resend = await startResendFake();
});

afterAll(async () => {
  await resend.close();
  await sql.end();
  await database.drop();
});

interface SentLead {
  leadId: string;
  email: string;
  sendId: string;
  providerMessageId: string;
  messageId: string;
}

/**
 * A campaign with `leads` leads enrolled and their first email sent through Resend from a mailbox of
 * its own (follow-ups planned and waiting), as the dispatcher leaves them.
 */
async function sentCampaign(name: string, leads: number) {
  const { workspaceId, userId } = operator;
  const { campaignId, domain } = await startedCampaign(sql, operator, { name, leads, startAt: MONDAY });
  const mailbox = (await createMailbox(sql, { ...TEST_MAILBOX_SETTINGS, fromAddress: `ann@${domain}.test`, workspaceId, createdBy: userId }))!;
  const planned = await scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test' });
  const sent: SentLead[] = [];
  for (const sendId of planned.sendIds) {
    const claimed = await claimSendForSending(sql, { workspaceId, sendId, now: MONDAY, mailboxId: mailbox.id });
    if (!claimed || claimed.campaignId !== campaignId) continue;
    const providerMessageId = randomUUID();
    await markSendSent(sql, { workspaceId, sendId, provider: 'resend', providerMessageId, subject: 'Quick question', now: MONDAY });
    sent.push({ leadId: claimed.leadId, email: claimed.toAddress!, sendId, providerMessageId, messageId: claimed.messageId });
  }
  // Three business days later the follow-ups are planned: queued, waiting for their turn.
  await scheduleDueEnrolments({ sql, log }, { now: THURSDAY, messageIdDomain: 'switchboard.test' });
  return { campaignId, mailbox, sent };
}

/** Stores an event as the web route does (once per svix-id) and returns its row id. */
async function storeEvent(type: ResendEventType, email: Parameters<typeof resendEventBody>[1], options: { svixId?: string; at?: Date; body?: Record<string, unknown> } = {}) {
  const svixId = options.svixId ?? `msg_${randomUUID()}`;
  const payload = options.body ?? resendEventBody(type, email, options.at);
  const stored = await storeEmailWebhookEvent(sql, { provider: 'resend', providerEventId: svixId, type, payload });
  if (!stored.stored) throw new Error(`event ${svixId} was stored before`);
  return stored.id;
}

const apply = (eventId: string) => applyEmailEvent({ sql, log }, eventId);

const outbound = (lead: SentLead, extra: { tags?: Record<string, string> } = {}) => ({ emailId: lead.providerMessageId, from: 'ann@acme.test', to: [lead.email], subject: 'Quick question', ...extra });

async function sendState(sendId: string) {
  const [row] = await sql<{ status: string; delivery: string | null; bouncedAt: Date | null; deliveredAt: Date | null; openedAt: Date | null }[]>`
    select status, delivery, bounced_at as "bouncedAt", delivered_at as "deliveredAt", opened_at as "openedAt" from sends where id = ${sendId}`;
  return row!;
}

async function leadState(leadId: string) {
  const [lead] = await sql<{ status: string }[]>`select status from leads where id = ${leadId}`;
  const enrolments = await sql<{ status: string; stopReason: string | null }[]>`select status, stop_reason as "stopReason" from enrolments where lead_id = ${leadId}`;
  const waiting = await sql<{ id: string; status: string }[]>`select id, status from sends where lead_id = ${leadId} and status <> 'sent' order by step_position`;
  return { status: lead!.status, enrolments, waiting };
}

async function eventRow(eventId: string) {
  const [row] = await sql<{ processedAt: Date | null; workspaceId: string | null; outcome: string | null }[]>`
    select processed_at as "processedAt", workspace_id as "workspaceId", outcome from email_webhook_events where id = ${eventId}`;
  return row!;
}

describe('delivery events', () => {
  it('keeps a hard bounce when a delivered arrives after it: suppressed, lead bounced, sequence stopped, follow-up canceled', async () => {
    const { sent } = await sentCampaign('Bounce', 1);
    const lead = sent[0]!;
    expect((await leadState(lead.leadId)).waiting).toEqual([expect.objectContaining({ status: 'queued' })]);

    await apply(await storeEvent('email.delivered', outbound(lead), { at: new Date('2026-11-30T16:01:00Z') }));
    expect(await sendState(lead.sendId)).toMatchObject({ delivery: 'delivered' });

    const bounced = await storeEvent('email.bounced', outbound(lead), { at: new Date('2026-11-30T16:02:00Z') });
    const applied = await apply(bounced);
    expect(applied?.campaigns).toHaveLength(1);
    await apply(await storeEvent('email.delivered', outbound(lead), { at: new Date('2026-11-30T16:03:00Z') }));

    expect(await sendState(lead.sendId)).toMatchObject({ status: 'sent', delivery: 'bounced', bouncedAt: new Date('2026-11-30T16:02:00Z') });
    expect(await suppressedAddresses(sql, operator.workspaceId, [lead.email])).toEqual(new Set([lead.email]));
    const [suppression] = await sql<{ source: string; sendId: string }[]>`select source, send_id as "sendId" from suppressions where value = ${lead.email}`;
    expect(suppression).toEqual({ source: 'bounce', sendId: lead.sendId });
    const state = await leadState(lead.leadId);
    expect(state.status).toBe('bounced');
    expect(state.enrolments).toEqual([{ status: 'stopped', stopReason: 'bounced' }]);
    expect(state.waiting).toEqual([expect.objectContaining({ status: 'canceled' })]);
    expect(await eventRow(bounced)).toMatchObject({ workspaceId: operator.workspaceId, processedAt: expect.any(Date) });
  });

  it('applies an event once: running it again (a retried job) or storing a replay changes nothing', async () => {
    const { sent } = await sentCampaign('Replay', 1);
    const lead = sent[0]!;
    const opened = await storeEvent('email.opened', outbound(lead), { svixId: 'msg_replay_open', at: new Date('2026-11-30T17:00:00Z') });
    expect((await apply(opened))?.outcome).toMatch(/first opened/);
    const before = await eventRow(opened);
    expect(await apply(opened)).toMatchObject({ outcome: 'Already applied.', campaigns: [] });
    expect(await eventRow(opened)).toEqual(before);
    // The web route stores by svix-id: the same delivery again is not stored at all.
    expect(await storeEmailWebhookEvent(sql, { provider: 'resend', providerEventId: 'msg_replay_open', type: 'email.opened', payload: {} })).toEqual({ stored: false });
    // A later open (another event) keeps the first time.
    await apply(await storeEvent('email.opened', outbound(lead), { at: new Date('2026-11-30T18:00:00Z') }));
    expect(await sendState(lead.sendId)).toMatchObject({ openedAt: new Date('2026-11-30T17:00:00Z') });
  });

  it('matches by the send_id tag when the provider message id is unknown', async () => {
    const { sent } = await sentCampaign('Tagged', 1);
    const lead = sent[0]!;
    await apply(await storeEvent('email.delivered', { ...outbound(lead), emailId: randomUUID(), tags: { send_id: lead.sendId } }));
    expect(await sendState(lead.sendId)).toMatchObject({ delivery: 'delivered' });
  });

  it('records a soft bounce as a delay: nothing suppressed, the sequence goes on', async () => {
    const { sent } = await sentCampaign('Soft', 1);
    const lead = sent[0]!;
    const body = resendEventBody('email.bounced', outbound(lead));
    (body.data as { bounce: { type: string } }).bounce.type = 'Transient';
    await apply(await storeEvent('email.bounced', outbound(lead), { body }));
    expect(await sendState(lead.sendId)).toMatchObject({ delivery: 'delivery_delayed', bouncedAt: null });
    expect(await suppressedAddresses(sql, operator.workspaceId, [lead.email])).toEqual(new Set());
    expect((await leadState(lead.leadId)).enrolments).toEqual([{ status: 'active', stopReason: null }]);
  });

  it('suppresses and stops on a complaint', async () => {
    const { sent } = await sentCampaign('Complaint', 1);
    const lead = sent[0]!;
    await apply(await storeEvent('email.complained', outbound(lead)));
    expect(await sendState(lead.sendId)).toMatchObject({ delivery: 'complained' });
    const [suppression] = await sql<{ source: string }[]>`select source from suppressions where workspace_id = ${operator.workspaceId} and value = ${lead.email}`;
    expect(suppression).toEqual({ source: 'complaint' });
    const state = await leadState(lead.leadId);
    expect(state.enrolments).toEqual([{ status: 'stopped', stopReason: 'complained' }]);
    expect(state.waiting).toEqual([expect.objectContaining({ status: 'canceled' })]);
  });

  it('marks an event for a send it cannot find processed, with a note, and no error', async () => {
    const eventId = await storeEvent('email.delivered', { emailId: randomUUID(), from: 'x@acme.test', to: ['y@elsewhere.test'], subject: 'Hi', tags: { send_id: 'not-a-uuid' } });
    expect((await apply(eventId))?.campaigns).toEqual([]);
    expect(await eventRow(eventId)).toMatchObject({ processedAt: expect.any(Date), workspaceId: null, outcome: expect.stringMatching(/No send matches/) });
  });

  it('pauses the mailbox, with its reason, once hard bounces pass 2 % of its last 200 sends', async () => {
    const { sent, mailbox } = await sentCampaign('Health', 6);
    expect(sent).toHaveLength(6);
    for (const lead of sent.slice(0, 4)) await apply(await storeEvent('email.bounced', outbound(lead)));
    expect(await getMailbox(sql, operator.workspaceId, mailbox.id)).toMatchObject({ status: 'active' });
    // Through the job: the mailboxes page hears of the pause.
    const published: { workspaceId: string | null; topic: EventTopic; payload: unknown }[] = [];
    const context = { sql, log, publish: async (workspaceId: string | null, topic: EventTopic, payload: unknown) => void published.push({ workspaceId, topic, payload }) } as unknown as WorkerJobContext;
    await emailWebhookJob.handler({ eventId: await storeEvent('email.bounced', outbound(sent[4]!)) }, context);
    expect(published).toContainEqual({ workspaceId: operator.workspaceId, topic: 'mailboxes.changed', payload: { mailboxId: mailbox.id } });
    const reason = 'Paused: 5 hard bounces in its first 6 sends (2.5 % of 200, over the 2.0 % limit).';
    expect(await getMailbox(sql, operator.workspaceId, mailbox.id)).toMatchObject({ status: 'paused', pausedReason: reason });
    // Audited as the system's doing, with the reason, once.
    const entries = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'mailbox.pause', limit: 10 });
    expect(entries.filter((entry) => entry.targetId === mailbox.id)).toEqual([
      expect.objectContaining({ actorUserId: null, actorLabel: 'system', targetType: 'mailbox', summary: { fromAddress: mailbox.fromAddress, from: 'active', to: 'paused', reason, rule: 'hard_bounces' } }),
    ]);
    // A sixth bounce finds it paused already: no second entry.
    expect((await apply(await storeEvent('email.bounced', outbound(sent[5]!))))?.pausedMailboxIds).toEqual([]);
    expect((await listAudit(sql, { workspaceId: operator.workspaceId, action: 'mailbox.pause', limit: 10 })).filter((entry) => entry.targetId === mailbox.id)).toHaveLength(1);
  });
});

describe('inbound replies', () => {
  const QUOTED_REPLY = 'Yes, call me Tuesday.\n\nOn Mon, Nov 30, 2026 at 10:00 AM Ann <ann@acme.test> wrote:\n> Hi there,\n> would you like a demo?\n> Unsubscribe: https://switchboard.test/u/abc\n';

  async function receive(lead: SentLead, mailboxAddress: string, content: { subject: string; text: string; headers: Record<string, string> }) {
    const emailId = resend.receive({ from: `Owner <${lead.email}>`, to: [mailboxAddress], subject: content.subject, text: content.text, headers: content.headers });
    return storeEvent('email.received', { emailId, from: `Owner <${lead.email}>`, to: [mailboxAddress], subject: content.subject });
  }

  /** Runs the real job handler: it reads the content from the Resend fake and publishes the board's event. */
  async function runJob(eventId: string) {
    const published: { workspaceId: string | null; topic: EventTopic; payload: unknown }[] = [];
    const context = {
      sql,
      log,
      publish: async (workspaceId: string | null, topic: EventTopic, payload: unknown) => {
        published.push({ workspaceId, topic, payload });
      },
      providerKey: async () => ({ fields: { apiKey: RESEND_FAKE_API_KEY }, source: 'environment' as const }),
      baseUrls: { resend: resend.baseUrl },
    } as unknown as WorkerJobContext;
    await emailWebhookJob.handler({ eventId }, context);
    return published;
  }

  it('takes a reply naming our Message-ID: lead replied, sequence stopped, message stored without the quoted text', async () => {
    const { campaignId, mailbox, sent } = await sentCampaign('Reply', 1);
    const lead = sent[0]!;
    const eventId = await receive(lead, mailbox.fromAddress, { subject: 'Re: Quick question', text: QUOTED_REPLY, headers: { 'In-Reply-To': lead.messageId, References: lead.messageId } });
    const published = await runJob(eventId);

    const state = await leadState(lead.leadId);
    expect(state.status).toBe('replied');
    expect(state.enrolments).toEqual([{ status: 'stopped', stopReason: 'replied' }]);
    expect(state.waiting).toEqual([expect.objectContaining({ status: 'canceled' })]);
    const messages = await listLeadMessages(sql, operator.workspaceId, lead.leadId);
    expect(messages).toEqual([expect.objectContaining({ kind: 'reply', sendId: lead.sendId, campaignId, direction: 'inbound', fromAddress: lead.email, subject: 'Re: Quick question', text: 'Yes, call me Tuesday.' })]);
    // The quoted footer's "Unsubscribe" did not make it an unsubscribe request.
    expect(await suppressedAddresses(sql, operator.workspaceId, [lead.email])).toEqual(new Set());
    expect(published).toContainEqual({ workspaceId: operator.workspaceId, topic: 'outreach.changed', payload: { campaignId } });
    expect(published).toContainEqual({ workspaceId: operator.workspaceId, topic: 'inbox.message', payload: { messageId: messages[0]!.id, leadId: lead.leadId } });

    // The same event again (a retried job) stores nothing twice, and tells the Inbox nothing new.
    expect((await runJob(eventId)).filter((event) => event.topic === 'inbox.message')).toEqual([]);
    expect(await listLeadMessages(sql, operator.workspaceId, lead.leadId)).toHaveLength(1);
  });

  it('leaves the sequence running on an out-of-office, but keeps the message on the timeline', async () => {
    const { mailbox, sent } = await sentCampaign('Away', 1);
    const lead = sent[0]!;
    const published = await runJob(await receive(lead, mailbox.fromAddress, { subject: 'Automatic reply: Quick question', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': lead.messageId } }));
    const state = await leadState(lead.leadId);
    expect(state.status).toBe('in_outreach');
    expect(state.enrolments).toEqual([{ status: 'active', stopReason: null }]);
    expect(state.waiting).toEqual([expect.objectContaining({ status: 'queued' })]);
    const [stored] = await listLeadMessages(sql, operator.workspaceId, lead.leadId);
    expect(stored).toMatchObject({ kind: 'out_of_office' });
    // Nothing else changed, but the Inbox still hears of it.
    expect(published).toEqual([{ workspaceId: operator.workspaceId, topic: 'inbox.message', payload: { messageId: stored!.id, leadId: lead.leadId } }]);
  });

  it('matches a reply without threading headers by its sender, and treats "remove me" as an unsubscribe request', async () => {
    const { mailbox, sent } = await sentCampaign('Remove', 1);
    const lead = sent[0]!;
    await runJob(await receive(lead, mailbox.fromAddress, { subject: 'your email', text: 'Please remove me from your list.', headers: {} }));
    const state = await leadState(lead.leadId);
    expect(state.status).toBe('unsubscribed');
    expect(state.enrolments).toEqual([{ status: 'stopped', stopReason: 'unsubscribed' }]);
    const [suppression] = await sql<{ source: string }[]>`select source from suppressions where workspace_id = ${operator.workspaceId} and value = ${lead.email}`;
    expect(suppression).toEqual({ source: 'unsubscribe' });
    expect(await listLeadMessages(sql, operator.workspaceId, lead.leadId)).toEqual([expect.objectContaining({ kind: 'unsubscribe_request', sendId: null })]);
  });

  it('marks an inbound email from nobody we write to processed, without error', async () => {
    const { mailbox } = await sentCampaign('Stranger', 1);
    const emailId = resend.receive({ from: 'someone@nowhere.test', to: [mailbox.fromAddress], subject: 'Hello', text: 'Hi', headers: {} });
    const eventId = await storeEvent('email.received', { emailId, from: 'someone@nowhere.test', to: [mailbox.fromAddress], subject: 'Hello' });
    expect(await runJob(eventId)).toEqual([]);
    expect(await eventRow(eventId)).toMatchObject({ processedAt: expect.any(Date), outcome: expect.stringMatching(/answers no send/) });
  });
});
