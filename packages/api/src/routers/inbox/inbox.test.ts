import type { ReplyKind } from '@switchboard/core';
import { addLeadMessage, createCampaign, type Sql } from '@switchboard/db';
import { seedSentEmails } from '@switchboard/db/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let viewer: TestMember;
let admin: TestMember;
let stranger: TestMember;
let campaignId: string;
let globexCampaignId: string;
let globexMessageId: string;
let answered: string;
let other: string;
const TARGET = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

async function message(workspaceId: string, leadId: string, kind: ReplyKind, subject: string, receivedAt: Date, sendId: string | null = null) {
  const stored = await addLeadMessage(sql, { workspaceId, leadId, sendId, direction: 'inbound', kind, fromAddress: `${subject.replace(/\W+/g, '-').toLowerCase()}@customer.example`, subject, text: `Hello,\n\n  about ${subject}.`, receivedAt, providerEventId: randomUUID() });
  return stored!.id;
}

/** Acme: a reply to a campaign email, an auto-reply and a request to stop from leads matched by sender, and six more replies; Globex: one reply. */
beforeAll(async () => {
  acme = await openTestWorkspace('inbox-test');
  ({ sql, operator } = acme);
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceId: operator.workspaceId });
  stranger = await createMember(sql, { email: 'gus@globex.test', role: 'admin', workspaceName: 'Globex' });
  const workspaceId = operator.workspaceId;
  campaignId = (await createCampaign(sql, { workspaceId, name: 'Plumbers', timeZone: 'UTC', target: TARGET, createdBy: null })).id;
  const { sendIds, leadIds } = await seedSentEmails(sql, { workspaceId, campaignId, emails: [{ lead: 'Ann Plumbing', sentAt: minutesAgo(60) }, { lead: 'Bob Plumbing', sentAt: null }] });
  [answered, other] = [leadIds.get('Ann Plumbing')!, leadIds.get('Bob Plumbing')!];
  const send = { id: sendIds[0]! };
  await message(workspaceId, answered, 'reply', 'Re: Quick question', minutesAgo(30), send.id);
  await message(workspaceId, other, 'out_of_office', 'Away until Monday', minutesAgo(20));
  await message(workspaceId, answered, 'unsubscribe_request', 'Please stop', minutesAgo(10));
  for (let index = 1; index <= 6; index += 1) await message(workspaceId, other, 'reply', `Follow-up ${index}`, minutesAgo(10 - index));
  globexCampaignId = (await createCampaign(sql, { workspaceId: stranger.workspaceId, name: 'Globex plumbers', timeZone: 'UTC', target: TARGET, createdBy: null })).id;
  const globex = await seedSentEmails(sql, { workspaceId: stranger.workspaceId, campaignId: globexCampaignId, emails: [{ lead: 'Gus Plumbing', sentAt: minutesAgo(60) }] });
  globexMessageId = await message(stranger.workspaceId, globex.leadIds.get('Gus Plumbing')!, 'reply', 'Globex secret', minutesAgo(1));
});

afterAll(() => acme.close());

describe('inbox.list', () => {
  it('lists the workspace’s messages newest first, with the kind in words, the lead, and the campaign when the reply named its send', async () => {
    const { messages, nextCursor } = await callerAs(sql, viewer, 'viewer').inbox.list({});
    expect(nextCursor).toBeNull();
    expect(messages.map((row) => row.subject)).toEqual([...Array.from({ length: 6 }, (_, index) => `Follow-up ${6 - index}`), 'Please stop', 'Away until Monday', 'Re: Quick question']);
    expect(messages.at(-1)).toMatchObject({ kind: 'reply', kindLabel: 'Reply', leadId: answered, leadName: 'Ann Plumbing', campaignId, campaignName: 'Plumbers', preview: 'Hello, about Re: Quick question.' });
    expect(messages.find((row) => row.subject === 'Away until Monday')).toMatchObject({ kindLabel: 'Out-of-office reply', leadId: other, campaignId: null, campaignName: null });
    expect(messages.find((row) => row.subject === 'Please stop')?.kindLabel).toBe('Asked to stop');
    expect(new Date(messages[0]!.receivedAt).getTime()).toBeGreaterThan(new Date(messages[1]!.receivedAt).getTime());
  });

  it('pages by cursor without skipping or repeating, and says when there is no next page', async () => {
    const caller = callerAs(sql, operator, 'operator');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await caller.inbox.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.messages.length).toBeLessThanOrEqual(2);
      seen.push(...page.messages.map((row) => row.subject));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual((await caller.inbox.list({})).messages.map((row) => row.subject));
  });

  it('filters by kind, by campaign and by sender or subject', async () => {
    const caller = callerAs(sql, admin, 'admin');
    expect((await caller.inbox.list({ kind: 'out_of_office' })).messages.map((row) => row.subject)).toEqual(['Away until Monday']);
    expect((await caller.inbox.list({ campaignId })).messages.map((row) => row.subject)).toEqual(['Re: Quick question']);
    expect((await caller.inbox.list({ campaignId, kind: 'out_of_office' })).messages).toEqual([]);
    expect((await caller.inbox.list({ search: 'follow-up 3' })).messages.map((row) => row.subject)).toEqual(['Follow-up 3']);
    expect((await caller.inbox.list({ search: 'please-stop@' })).messages.map((row) => row.subject)).toEqual(['Please stop']);
    expect((await caller.inbox.list({ search: '  Monday  ', kind: 'reply' })).messages).toEqual([]);
  });

  it('lists one lead’s messages, paged by cursor (a timeline shows only the latest), and not another workspace’s lead', async () => {
    const caller = callerAs(sql, viewer, 'viewer');
    expect((await caller.inbox.list({ leadId: answered })).messages.map((row) => row.subject)).toEqual(['Please stop', 'Re: Quick question']);
    const first = await caller.inbox.list({ leadId: other, limit: 4 });
    const second = await caller.inbox.list({ leadId: other, limit: 4, cursor: first.nextCursor! });
    expect([...first.messages, ...second.messages].map((row) => row.subject)).toEqual([...Array.from({ length: 6 }, (_, index) => `Follow-up ${6 - index}`), 'Away until Monday']);
    expect(second.nextCursor).toBeNull();
    const globexLead = (await sql<{ id: string }[]>`select lead_id as id from lead_messages where id = ${globexMessageId}`)[0]!.id;
    await expect(caller.inbox.list({ leadId: globexLead })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'That lead does not exist in this workspace.' });
  });

  it('never shows another workspace’s messages: its campaign is not found, and its message as a cursor pages after nothing', async () => {
    const caller = callerAs(sql, admin, 'admin');
    expect((await caller.inbox.list({ search: 'Globex secret' })).messages).toEqual([]);
    await expect(caller.inbox.list({ campaignId: globexCampaignId })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'That campaign does not exist in this workspace.' });
    expect(await caller.inbox.list({ cursor: globexMessageId })).toEqual({ messages: [], nextCursor: null });
    expect((await callerAs(sql, stranger, 'admin').inbox.list({})).messages.map((row) => row.subject)).toEqual(['Globex secret']);
  });

  it.each([
    [{ limit: 0 }, 'The page size must be at least 1.'],
    [{ limit: 101 }, 'The page size can be at most 100.'],
    [{ limit: 2.5 }, 'The page size must be a whole number.'],
    [{ kind: 'bounce' }, 'That is not a kind of message.'],
    [{ campaignId: 'not-an-id' }, 'That is not a campaign id.'],
    [{ cursor: 'garbage' }, 'That page link is not valid; start from the first page.'],
    [{ search: ' ab ' }, 'Type at least 3 characters to search.'],
    [{ search: 'x'.repeat(201) }, 'Search for at most 200 characters.'],
  ])('refuses %j with a 400 that says why', async (input, message) => {
    await expect(callerAs(sql, viewer, 'viewer').inbox.list(input as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(message) });
  });
});

describe('a reply the sandbox recipient wrote', () => {
  it('is marked simulated in the inbox, on the lead’s timeline and on its own page; a person’s reply is not', async () => {
    const workspaceId = operator.workspaceId;
    const { leadIds } = await seedSentEmails(sql, { workspaceId, campaignId, emails: [{ lead: 'Sandbox Plumbing', sentAt: minutesAgo(60) }] });
    const leadId = leadIds.get('Sandbox Plumbing')!;
    const simulated = await addLeadMessage(sql, {
      workspaceId, leadId, sendId: null, direction: 'inbound', kind: 'reply', fromAddress: 'Sandbox recipient <owner@sandbox-plumbing.example>', subject: '[Sandbox] Re: Quick question',
      text: 'Sounds interesting.', receivedAt: minutesAgo(2), providerEventId: `sandbox:${randomUUID()}:replied`, simulated: true,
    });
    const person = await message(workspaceId, leadId, 'reply', 'Re: Quick question, really', minutesAgo(1));
    const caller = callerAs(sql, viewer, 'viewer');
    expect((await caller.inbox.list({ leadId })).messages.map((row) => [row.id, row.simulated])).toEqual([[person, false], [simulated!.id, true]]);
    const timeline = await caller.leads.timeline({ id: leadId });
    const marks = new Map(timeline.entries.flatMap((entry) => (entry.entry === 'message' ? [[entry.id, entry.simulated] as const] : [])));
    expect(marks).toEqual(new Map([[person, false], [simulated!.id, true]]));
    expect(await caller.leads.message({ leadId, messageId: simulated!.id })).toMatchObject({ simulated: true, subject: '[Sandbox] Re: Quick question' });
    expect(await caller.leads.message({ leadId, messageId: person })).toMatchObject({ simulated: false });
  });
});
