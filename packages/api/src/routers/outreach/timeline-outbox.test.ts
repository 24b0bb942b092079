import { UNSUBSCRIBE_LINK_HIDDEN } from '@switchboard/core';
import { TIMELINE_MESSAGE_TEXT_MAX_CHARS, addLeadMessage, claimEmailDelivery, claimSendForSending, createSends, enrolApprovedLeads, insertOutboxEmail, markSendSent, markSendSkipped, type Sql } from '@switchboard/db';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { outreachCampaign, outreachMailbox } from '../../../../../tests/outreach-campaign.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let viewer: TestMember;
let admin: TestMember;
let stranger: TestMember;
let campaignId: string;
let leadId: string;
let outboxId: string;
let signInOutboxId: string;

const HEADERS = {
  From: 'Ann at Acme <ann@acme.test>',
  'Message-ID': '<send-1@acme.test>',
  'List-Unsubscribe': '<https://switchboard.test/u/token>, <mailto:ann@acme.test?subject=unsubscribe>',
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
};

/** One lead of a started campaign: its first email sent through the sandbox, then a long reply. */
beforeAll(async () => {
  acme = await openTestWorkspace('outreach-timeline-test');
  ({ sql, operator } = acme);
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceId: operator.workspaceId });
  stranger = await createMember(sql, { email: 'gus@globex.test', role: 'admin', workspaceName: 'Globex' });
  const workspaceId = operator.workspaceId;
  const campaign = await outreachCampaign(sql, operator, 'Timeline');
  campaignId = campaign.campaignId;
  leadId = campaign.approvedWithEmail[0]!;
  await sql`update campaigns set status = 'active' where id = ${campaignId}`;
  const mailboxId = await outreachMailbox(sql, operator);
  await enrolApprovedLeads(sql, { workspaceId, campaignId, enrolledBy: operator.userId, firstStepId: 'first-email', startAt: new Date() });
  const [enrolment] = await sql<{ id: string; email: string }[]>`select id, email from enrolments where lead_id = ${leadId}`;
  const sentAt = new Date(Date.now() - 60_000);
  const [send] = await createSends(sql, [
    { workspaceId, campaignId, enrolmentId: enrolment!.id, leadId, stepId: 'first-email', channel: 'email', stepPosition: 0, nextStepId: 'wait-1', toAddress: enrolment!.email, idempotencyKey: randomUUID(), messageId: '<send-1@acme.test>', notBefore: sentAt },
  ]);
  await claimSendForSending(sql, { workspaceId, sendId: send!.id, now: sentAt, mailboxId, provider: 'sandbox' });
  outboxId = await insertOutboxEmail(sql, {
    deliveryId: null,
    sendId: send!.id,
    workspaceId,
    recipientWorkspaceIds: [workspaceId],
    to: enrolment!.email,
    subject: 'Quick question',
    bodyText: 'Hi there\nUnsubscribe: https://switchboard.test/u/token',
    bodyHtml: '<p>Hi there</p><script>alert(1)</script><a href="https://switchboard.test/u/token">Unsubscribe</a>',
    headers: HEADERS,
    secretLink: null,
  });
  await markSendSent(sql, { workspaceId, sendId: send!.id, provider: 'sandbox', providerMessageId: `sandbox:${outboxId}`, subject: 'Quick question', now: sentAt });
  await addLeadMessage(sql, {
    workspaceId,
    leadId,
    sendId: send!.id,
    direction: 'inbound',
    kind: 'reply',
    fromAddress: enrolment!.email,
    subject: 'Re: Quick question',
    text: 'Yes, call me. '.repeat(500),
    receivedAt: new Date(),
    providerEventId: 'inbound-1',
  });
  const delivery = await claimEmailDelivery(sql, { idempotencyKey: 'vic-link', workspaceId: null, to: viewer.email, subject: 'Sign in', provider: 'sandbox' });
  if (delivery.outcome !== 'claimed') throw new Error('delivery not claimed');
  signInOutboxId = await insertOutboxEmail(sql, {
    deliveryId: delivery.deliveryId,
    workspaceId: null,
    recipientWorkspaceIds: [workspaceId],
    to: viewer.email,
    subject: 'Sign in',
    bodyText: 'Your link: [hidden]',
    secretLink: 'https://switchboard.test/auth/link?token=secret',
  });
});

afterAll(() => acme.close());

describe('lead timeline', () => {
  it('shows the send with its mailbox and outbox email, then the reply, in time order, to a viewer', async () => {
    const timeline = await callerAs(sql, viewer, 'viewer').leads.timeline({ id: leadId, campaignId });
    expect(timeline.entries.map((entry) => entry.entry)).toEqual(['send', 'message']);
    expect(timeline.entries[0]).toMatchObject({ entry: 'send', stepId: 'first-email', status: 'sent', statusLabel: 'Sent', mailboxAddress: expect.stringMatching(/@acme\.test$/), outboxId, subject: 'Quick question' });
    expect(timeline.entries[1]).toMatchObject({ entry: 'message', kind: 'reply', kindLabel: 'Reply', truncated: true });
    // A long reply comes cut: the payload stays small whatever came in.
    expect((timeline.entries[1] as { text: string }).text).toHaveLength(TIMELINE_MESSAGE_TEXT_MAX_CHARS);
    expect(timeline.more).toBe(false);
    expect(timeline).toMatchObject({ shown: { sends: 1, messages: 1 }, totals: { sends: 1, messages: 1 } });
  });

  it('gives the whole of a message the timeline cut, to a viewer, and only as this lead’s', async () => {
    const timeline = await callerAs(sql, viewer, 'viewer').leads.timeline({ id: leadId, campaignId });
    const cut = timeline.entries.find((entry) => entry.entry === 'message')!;
    const message = await callerAs(sql, viewer, 'viewer').leads.message({ leadId, messageId: cut.id });
    expect(message).toMatchObject({ id: cut.id, leadId, kindLabel: 'Reply', subject: cut.subject });
    expect(message.text.length).toBeGreaterThan(TIMELINE_MESSAGE_TEXT_MAX_CHARS);
    expect(message.text.startsWith((cut as { text: string }).text)).toBe(true);
    // Another lead's id with this message's: not found, as from another workspace.
    await expect(callerAs(sql, viewer, 'viewer').leads.message({ leadId: cut.id, messageId: cut.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerAs(sql, stranger, 'admin').leads.message({ leadId, messageId: cut.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("answers NOT_FOUND for another workspace's lead", async () => {
    await expect(callerAs(sql, stranger, 'admin').leads.timeline({ id: leadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists the enrolled leads of the campaign with their sends', async () => {
    const enrolled = await callerAs(sql, viewer, 'viewer').outreach.enrolledLeads({ campaignId });
    expect(enrolled.total).toBe(2);
    expect(enrolled.leads.find((lead) => lead.leadId === leadId)).toMatchObject({ status: 'active', emails: 1, forms: 0, stepId: 'wait-1' });
  });

  it('shows a contact form step as a form with its outcome, not as an email, and counts it apart from the emails', async () => {
    const workspaceId = operator.workspaceId;
    const [enrolment] = await sql<{ id: string }[]>`select id from enrolments where lead_id = ${leadId}`;
    const [send] = await createSends(sql, [
      { workspaceId, campaignId, enrolmentId: enrolment!.id, leadId, stepId: 'form', channel: 'form', stepPosition: 4, nextStepId: null, toAddress: null, idempotencyKey: randomUUID(), messageId: '<form-1@acme.test>', notBefore: new Date() },
    ]);
    await claimSendForSending(sql, { workspaceId, sendId: send!.id, now: new Date(), mailboxId: null, provider: 'browser' });
    await markSendSkipped(sql, { workspaceId, sendId: send!.id, outcome: 'no_form', reason: 'No contact form on the website.', formUrl: null, now: new Date() });

    const timeline = await callerAs(sql, viewer, 'viewer').leads.timeline({ id: leadId, campaignId });
    expect(timeline.entries.filter((entry) => entry.entry === 'send').map((entry) => [entry.stepId, entry.channel, entry.toAddress === null, entry.formOutcomeLabel])).toEqual([
      ['first-email', 'email', false, null],
      ['form', 'form', true, 'No contact form'],
    ]);
    const enrolled = await callerAs(sql, viewer, 'viewer').outreach.enrolledLeads({ campaignId });
    expect(enrolled.leads.find((lead) => lead.leadId === leadId)).toMatchObject({ emails: 1, forms: 1 });
  });
});

describe('sandbox outbox viewer', () => {
  it('shows a campaign email, its HTML part and headers, to any member of the workspace that sent it', async () => {
    const email = await callerAs(sql, operator, 'operator').outbox.get({ id: outboxId });
    expect(email).toMatchObject({
      subject: 'Quick question',
      bodyText: 'Hi there\nUnsubscribe: https://switchboard.test/u/token',
      bodyHtml: '<p>Hi there</p><script>alert(1)</script><a href="https://switchboard.test/u/token">Unsubscribe</a>',
      headers: HEADERS,
      leadId,
      campaignId,
      stepId: 'first-email',
    });
    const listed = await callerAs(sql, viewer, 'viewer').outbox.campaignEmails();
    expect(listed.emails.map((row) => row.id)).toEqual([outboxId]);
  });

  it('hides the signed unsubscribe link from a viewer, who may not unsubscribe leads', async () => {
    const email = await callerAs(sql, viewer, 'viewer').outbox.get({ id: outboxId });
    expect(JSON.stringify(email)).not.toContain('/u/token');
    expect(email).toMatchObject({
      bodyText: `Hi there\nUnsubscribe: ${UNSUBSCRIBE_LINK_HIDDEN}`,
      headers: { ...HEADERS, 'List-Unsubscribe': `<${UNSUBSCRIBE_LINK_HIDDEN}>, <mailto:ann@acme.test?subject=unsubscribe>` },
    });
  });

  it("answers NOT_FOUND for another workspace's email, and lists none of it", async () => {
    await expect(callerAs(sql, stranger, 'admin').outbox.get({ id: outboxId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await callerAs(sql, stranger, 'admin').outbox.campaignEmails()).emails).toEqual([]);
  });

  it('shows a sign-in email only to an admin allowed to read it, with its link still hidden', async () => {
    await expect(callerAs(sql, viewer, 'viewer').outbox.get({ id: signInOutboxId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerAs(sql, operator, 'operator').outbox.get({ id: signInOutboxId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const email = await callerAs(sql, admin, 'admin').outbox.get({ id: signInOutboxId });
    expect(email).toMatchObject({ subject: 'Sign in', hasSecretLink: true, sendId: null });
    expect(JSON.stringify(email)).not.toContain('token=secret');
    expect((await callerAs(sql, admin, 'admin').outbox.campaignEmails()).emails.map((row) => row.id)).not.toContain(signInOutboxId);
  });
});
