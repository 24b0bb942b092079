import { defaultSequence, parseConfig, providerStatuses, type EventTopic, type SequenceInput } from '@switchboard/core';
import { claimSendForSending, createSends, listAudit, markSendFailed, markSendSent, markSendSkipped, setCampaignMailboxes, stopLeadEnrolments, storeSendScreenshot, transitionLeads, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { outreachCampaign, outreachMailbox } from '../../../../../tests/outreach-campaign.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';
import { PREVIEW_UNSUBSCRIBE_URL } from './preview.handler.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let viewer: TestMember;
let stranger: TestMember;
const published: { topic: EventTopic; payload: unknown }[] = [];

beforeAll(async () => {
  acme = await openTestWorkspace('outreach-api-test');
  ({ sql, operator } = acme);
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
  stranger = await createMember(sql, { email: 'gus@globex.test', role: 'admin', workspaceName: 'Globex' });
});

afterAll(() => acme.close());

const enqueuedQueues: string[] = [];
const asOperator = () =>
  callerAs(sql, operator, 'operator', {
    publish: async (_workspaceId, topic, payload) => {
      published.push({ topic, payload });
    },
    enqueue: async (queue) => {
      enqueuedQueues.push(queue);
      return 'job-id';
    },
  });
const asViewer = () => callerAs(sql, viewer, 'viewer');
const asStranger = () => callerAs(sql, stranger, 'admin');

async function lastAudit(action: string) {
  const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action, limit: 1 });
  return entry;
}

async function enrolledLeads(campaignId: string): Promise<string[]> {
  const rows = await sql<{ leadId: string }[]>`select lead_id as "leadId" from enrolments where campaign_id = ${campaignId} order by lead_id`;
  return rows.map((row) => row.leadId);
}

/** The default sequence with the first follow-up's body missing its footer. */
function sequenceWithoutFooter(): SequenceInput {
  const sequence = defaultSequence();
  sequence.steps[3] = { id: 'follow-up-1', type: 'email', subject: 'Hello', body: 'Hi {{ contact.first_name }}', aiPersonalise: false };
  return sequence;
}

describe('outreach sequence', () => {
  it('answers the default sequence at version 0 until one is saved, to a viewer too', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Default sequence');
    const read = await asViewer().outreach.sequence({ campaignId });
    expect(read).toMatchObject({ version: 0, stored: false, lint: [], sequence: defaultSequence() });
    expect(read.variables).toContain('contact.first_name');
  });

  it('refuses a sequence whose template lacks the footer, naming the step, and saves a clean one with an audit entry', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Save sequence');
    await expect(asOperator().outreach.saveSequence({ campaignId, sequence: sequenceWithoutFooter() })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Step 4 (follow-up-1), body: Add the unsubscribe link'),
    });
    expect((await asViewer().outreach.sequence({ campaignId })).version).toBe(0);
    expect(await asViewer().outreach.lint({ sequence: sequenceWithoutFooter() })).toMatchObject([{ stepId: 'follow-up-1', number: 4 }]);

    const shorter = defaultSequence({ followUps: 1 });
    expect(await asOperator().outreach.saveSequence({ campaignId, sequence: shorter })).toEqual({ version: 1 });
    expect(await asViewer().outreach.sequence({ campaignId })).toMatchObject({ version: 1, stored: true, sequence: shorter });
    expect(await lastAudit('campaign.save_sequence')).toMatchObject({ targetId: campaignId, summary: { version: 1, steps: ['email:first-email', 'wait:wait-1', 'branch:if-replied-1', 'email:follow-up-1'] } });
    expect(published).toContainEqual({ topic: 'outreach.changed', payload: { campaignId } });
  });

  it('refuses a save edited from an older version with CONFLICT, keeping the version someone else saved', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Two editors');
    // Both open version 0; one saves first.
    expect(await asOperator().outreach.saveSequence({ campaignId, sequence: defaultSequence({ followUps: 1 }), baseVersion: 0 })).toEqual({ version: 1 });
    await expect(asOperator().outreach.saveSequence({ campaignId, sequence: defaultSequence({ followUps: 2 }), baseVersion: 0 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Someone else saved this sequence since you opened it: you edited version 0, it is now version 1. Your steps were not saved.',
    });
    expect(await asViewer().outreach.sequence({ campaignId })).toMatchObject({ version: 1, sequence: defaultSequence({ followUps: 1 }) });
    // Saved from the version it now is, it goes through; without a base version a save is last-write-wins, as before.
    expect(await asOperator().outreach.saveSequence({ campaignId, sequence: defaultSequence({ followUps: 2 }), baseVersion: 1 })).toEqual({ version: 2 });
    expect(await asOperator().outreach.saveSequence({ campaignId, sequence: defaultSequence({ followUps: 1 }) })).toEqual({ version: 3 });
  });

  it('lets a viewer neither save nor start', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Viewer');
    await expect(asViewer().outreach.saveSequence({ campaignId, sequence: defaultSequence() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asViewer().outreach.start({ campaignId, confirm: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers malformed input with BAD_REQUEST and the reason', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Malformed');
    await expect(asViewer().outreach.board({ campaignId: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('That is not a campaign id.') });
    const badWait = { steps: [...defaultSequence().steps.slice(0, 1), { id: 'wait-1', type: 'wait', businessDays: 0 }] } as SequenceInput;
    await expect(asOperator().outreach.saveSequence({ campaignId, sequence: badWait })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Wait at least one business day') });
    await expect(asOperator().outreach.start({ campaignId, confirm: false as true })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Confirm the start') });
  });

  it('hides another workspace’s campaign behind NOT_FOUND', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Private');
    const globex = asStranger().outreach;
    for (const call of [
      () => globex.sequence({ campaignId }),
      () => globex.saveSequence({ campaignId, sequence: defaultSequence() }),
      () => globex.preview({ campaignId }),
      () => globex.startPreview({ campaignId }),
      () => globex.start({ campaignId, confirm: true }),
      () => globex.board({ campaignId }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe('outreach start', () => {
  it('counts what each mailbox already sent today against its limits in the first-emails estimate', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Busy mailbox');
    const mailboxId = await outreachMailbox(sql, operator);
    // Always open, so only the limits decide when the first emails go.
    await sql`update mailboxes set send_days = '{0,1,2,3,4,5,6}', send_start_minute = 0, send_end_minute = 1440 where id = ${mailboxId}`;
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [mailboxId]);
    const idle = await asViewer().outreach.startPreview({ campaignId });
    expect(idle.estimate).toMatch(/^Send 2 first emails from 1 mailbox over about (1|2) minutes?\.$/);

    // Its 20 a day were taken 21 hours ago by another campaign: nothing goes before the first of them is a day old.
    await sql`
      insert into mailbox_send_slots (mailbox_id, workspace_id, send_key, reserved_at)
      select ${mailboxId}, ${operator.workspaceId}, 'other-campaign:' || n, now() - interval '21 hours' + n * interval '1 minute'
      from generate_series(0, 19) n`;
    const busy = await asViewer().outreach.startPreview({ campaignId });
    expect(new Date(busy.finishesAt!).getTime()).toBeGreaterThanOrEqual(Date.now() + 3 * 60 * 60_000 - 60_000);
    expect(busy.estimate).toBe('Send 2 first emails from 1 mailbox over about 3 hours.');
  });

  it('refuses to start without a mailbox, or with one that has no postal address, and says why', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'No mailbox');
    expect((await asViewer().outreach.startPreview({ campaignId })).blockers).toContain('Choose at least one mailbox to send from.');
    await expect(asOperator().outreach.start({ campaignId, confirm: true })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Choose at least one mailbox') });
    const mailboxId = await outreachMailbox(sql, operator, null);
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [mailboxId]);
    const preview = await asViewer().outreach.startPreview({ campaignId });
    expect(preview.blockers).toEqual([expect.stringMatching(/^ann\d+@acme\.test cannot send: Add a postal address/)]);
    await expect(asOperator().outreach.start({ campaignId, confirm: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await enrolledLeads(campaignId)).toEqual([]);
  });

  it('says what starting will do, enrols exactly the approved leads with an address, activates the draft, and enrols only newcomers after', async () => {
    const setup = await outreachCampaign(sql, operator, 'Start');
    const { campaignId } = setup;
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [await outreachMailbox(sql, operator)]);
    const preview = await asViewer().outreach.startPreview({ campaignId });
    expect(preview).toMatchObject({ blockers: [], counts: { enrolable: 2, withoutEmail: 1, enrolled: 0 }, activates: true, campaignStatus: 'draft', emailSteps: 3 });
    expect(preview.estimate).toMatch(/^Send 2 first emails from 1 mailbox over about /);
    // The default sequence's two follow-ups may follow for each lead, not only the first emails.
    expect(preview.followUps).toEqual({ emails: 4, forms: 0 });
    expect(preview.outlook).toEqual([expect.stringMatching(/^Then at most 4 more emails \(up to 2 per lead\).* about 6 business days after the first\.$/)]);

    expect(await asOperator().outreach.start({ campaignId, confirm: true })).toMatchObject({ enrolled: 2, status: 'active', sequenceVersion: 1 });
    // The scheduler is woken, so the first emails are planned at once.
    expect(enqueuedQueues).toContain('outreach.tick');
    expect(await enrolledLeads(campaignId)).toEqual([...setup.approvedWithEmail].sort());
    expect(await asViewer().outreach.sequence({ campaignId })).toMatchObject({ stored: true, version: 1 });
    expect(await lastAudit('campaign.start_outreach')).toMatchObject({ targetId: campaignId, summary: { enrolled: 2, withoutEmail: 1, from: 'draft', to: 'active' } });
    expect(published).toContainEqual({ topic: 'outreach.changed', payload: { campaignId } });

    // Again with nobody new: refused, nothing enrolled twice.
    await expect(asOperator().outreach.start({ campaignId, confirm: true })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already in the sequence') });
    await transitionLeads(sql, { workspaceId: operator.workspaceId, event: 'approve', target: { ids: [setup.pendingId] }, changedBy: operator.userId });
    expect(await asOperator().outreach.start({ campaignId, confirm: true })).toMatchObject({ enrolled: 1, sequenceVersion: 1 });
    expect(await enrolledLeads(campaignId)).toEqual([...setup.approvedWithEmail, setup.pendingId].sort());
  });

  it('previews every email step for real leads from the first mailbox, with a link that unsubscribes nobody', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Preview', 5);
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [await outreachMailbox(sql, operator)]);
    const preview = await asViewer().outreach.preview({ campaignId });
    expect(preview.leads).toHaveLength(3);
    expect(preview.steps.map((step) => [step.stepId, step.number, step.problems])).toEqual([
      ['first-email', 1, []],
      ['follow-up-1', 4, []],
      ['follow-up-2', 7, []],
    ]);
    const first = preview.leads[0]!;
    expect(first.emails).toHaveLength(3);
    expect(first.emails[0]!.subject).toBe(`Quick question for ${first.name}`);
    expect(first.emails[0]!.text).toMatch(/^Hi Owner\d Smith|^Hi Owner\d/);
    expect(first.emails[0]!.text).toContain('1 Main St, Austin TX');
    expect(first.emails[0]!.text).toContain(PREVIEW_UNSUBSCRIBE_URL);
  });
});

describe('outreach board', () => {
  it('lists every email step in order with zeros before anything is sent, and counts stopped enrolments by reason', async () => {
    const setup = await outreachCampaign(sql, operator, 'Board');
    const { campaignId } = setup;
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [await outreachMailbox(sql, operator)]);
    await asOperator().outreach.start({ campaignId, confirm: true });
    await stopLeadEnrolments(sql, { workspaceId: operator.workspaceId, leadIds: [setup.approvedWithEmail[0]!], reason: 'replied' });
    const board = await asViewer().outreach.board({ campaignId });
    expect(board.steps.map((step) => [step.stepId, step.number, step.scheduled, step.sent, step.delivered, step.bounced, step.opened, step.clicked])).toEqual([
      ['first-email', 1, 0, 0, 0, 0, 0, 0],
      ['follow-up-1', 4, 0, 0, 0, 0, 0, 0],
      ['follow-up-2', 7, 0, 0, 0, 0, 0, 0],
    ]);
    expect(board.enrolments).toEqual({ active: 1, paused: 0, completed: 0, stopped: 1 });
    expect(board.stopped.find((row) => row.reason === 'replied')).toMatchObject({ count: 1 });
    expect(board.stopped.find((row) => row.reason === 'bounced')).toMatchObject({ count: 0 });
    expect(board.callSteps).toEqual([]);
    expect(board.mailboxLimits).toBeNull();
  });

  it('says when every mailbox of the campaign is at a limit, so a slow campaign says why', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Board limits');
    const mailboxId = await outreachMailbox(sql, operator);
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [mailboxId]);
    await sql`update mailboxes set limit_per_minute = 1, limit_per_hour = 2, limit_per_day = 20 where id = ${mailboxId}`;
    const slot = (key: string, minutesAgo: number) =>
      sql`insert into mailbox_send_slots (mailbox_id, workspace_id, send_key, reserved_at) values (${mailboxId}, ${operator.workspaceId}, ${key}, now() - make_interval(mins => ${minutesAgo}))`;
    await slot('board-limits-1', 30);
    expect((await asViewer().outreach.board({ campaignId })).mailboxLimits).toBeNull();
    await slot('board-limits-2', 5);
    expect((await asViewer().outreach.board({ campaignId })).mailboxLimits).toBe(
      'Every mailbox of this campaign is at its per-hour limit: the next emails wait up to an hour. Raise the limits or add a mailbox to send faster.',
    );
  });

  it('lists a call step apart from the send steps, with its note and zeros before any call is queued', async () => {
    const { campaignId } = await outreachCampaign(sql, operator, 'Board calls');
    const sequence = {
      steps: [
        defaultSequence().steps[0]!,
        { id: 'ring', type: 'call' as const, note: 'Ask for the owner' },
        { id: 'if-answered', type: 'branch' as const, on: 'call_answered' as const, then: { action: 'stop' as const } },
      ],
    };
    await asOperator().outreach.saveSequence({ campaignId, sequence });
    const board = await asViewer().outreach.board({ campaignId });
    expect(board.steps.map((step) => step.stepId)).toEqual(['first-email']);
    expect(board.callSteps).toEqual([{ stepId: 'ring', number: 2, note: 'Ask for the owner', removed: false, waiting: 0, live: 0, answered: 0, voicemail: 0, noAnswer: 0, canceled: 0 }]);

    // Starting needs someone to place the calls: Vapi with the campaign's assistant, or the sandbox caller
    // (which plays its own); and says what the call step does and who passes over it.
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [await outreachMailbox(sql, operator)]);
    const preview = (env: Record<string, string>) => callerAs(sql, viewer, 'viewer', { providers: providerStatuses(parseConfig(env)) }).outreach.startPreview({ campaignId });
    const withoutCaller = await preview({});
    expect(withoutCaller.blockers).toEqual(['The sequence has a call step, but voice calls are unavailable here: add a Vapi key, or run with the sandbox caller (pnpm start does).']);
    const sandbox = await preview({ SANDBOX_CALL_WEBHOOK_SECRET: 'sandbox-caller-secret-0123456789' });
    expect(sandbox.blockers).toEqual([]);
    const live = { VAPI_API_KEY: 'vapi-server-key-0000', VAPI_PHONE_NUMBER_ID: 'pn-server' };
    expect((await preview(live)).blockers).toEqual(["The sequence has a call step, but the campaign has no Vapi assistant: set one in the campaign's call settings."]);
    await sql`update campaigns set call_assistant_id = 'asst-board' where id = ${campaignId}`;
    const after = await preview(live);
    expect(after.blockers).toEqual([]);
    expect(after.outlook.join(' ')).toContain('2 leads without a phone number pass over it as not answered');
  });

  it('counts replies and unsubscribes on the step last sent to each lead before its sequence stopped', async () => {
    const setup = await outreachCampaign(sql, operator, 'Board answers', 4);
    const { campaignId } = setup;
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [await outreachMailbox(sql, operator)]);
    await asOperator().outreach.start({ campaignId, confirm: true });
    const enrolments = await sql<{ id: string; leadId: string; email: string }[]>`
      select id, lead_id as "leadId", email from enrolments where campaign_id = ${campaignId} order by email`;
    expect(enrolments).toHaveLength(3);
    const [replier, unsubscriber, silent] = [enrolments[0]!, enrolments[1]!, enrolments[2]!];
    const sendStep = async (enrolment: (typeof enrolments)[number], stepId: string, stepPosition: number, at: Date) => {
      const [send] = await createSends(sql, [{
        workspaceId: operator.workspaceId, campaignId, enrolmentId: enrolment.id, leadId: enrolment.leadId, stepId, stepPosition, nextStepId: null,
        channel: 'email', toAddress: enrolment.email, idempotencyKey: `send:${enrolment.id}:${stepId}`, messageId: `<${enrolment.id}.${stepId}@switchboard.test>`, notBefore: new Date(0),
      }]);
      expect(await claimSendForSending(sql, { workspaceId: operator.workspaceId, sendId: send!.id, now: at, mailboxId: null, provider: 'sandbox' })).not.toBeNull();
      await markSendSent(sql, { workspaceId: operator.workspaceId, sendId: send!.id, provider: 'sandbox', providerMessageId: null, subject: 'Hi', now: at });
    };
    await sendStep(replier, 'first-email', 0, new Date('2026-11-30T16:00:00Z'));
    await sendStep(unsubscriber, 'first-email', 0, new Date('2026-11-30T16:00:00Z'));
    await sendStep(unsubscriber, 'follow-up-1', 3, new Date('2026-12-03T16:00:00Z'));
    await sendStep(silent, 'first-email', 0, new Date('2026-11-30T16:00:00Z'));
    await stopLeadEnrolments(sql, { workspaceId: operator.workspaceId, leadIds: [replier.leadId], reason: 'replied' });
    await stopLeadEnrolments(sql, { workspaceId: operator.workspaceId, leadIds: [unsubscriber.leadId], reason: 'unsubscribed' });

    const board = await asViewer().outreach.board({ campaignId });
    expect(board.steps.map((step) => [step.stepId, step.sent, step.replied, step.unsubscribed])).toEqual([
      ['first-email', 3, 1, 0],
      ['follow-up-1', 1, 0, 1],
      ['follow-up-2', 0, 0, 0],
    ]);
  });
});

describe('contact form steps', () => {
  const formSequence: SequenceInput = {
    steps: [
      { id: 'form', type: 'contact_form', senderName: 'Ann Lee', senderEmail: 'ann@acme.test', body: 'Hello {{ lead.name }}' },
      { id: 'wait', type: 'wait', businessDays: 2 },
      { id: 'mail', type: 'email', subject: 'Hi', body: 'Hi\n{{ mailbox.postal_address }} {{ unsubscribe_url }}' },
    ],
  };

  it('says the forms go first and the email may follow, and shows each form outcome on the board apart from emails', async () => {
    const setup = await outreachCampaign(sql, operator, 'Form board');
    const { campaignId } = setup;
    const formOnly = setup.approvedWithoutEmail[0]!;
    await sql`update leads set has_contact_form = true where id = ${formOnly}`;
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [await outreachMailbox(sql, operator)]);
    await asOperator().outreach.saveSequence({ campaignId, sequence: formSequence });
    const preview = await asViewer().outreach.startPreview({ campaignId });
    expect(preview.estimate).toBe('Submit up to 3 contact forms now; no email goes out at once.');
    expect(preview.outlook).toEqual([
      expect.stringMatching(/^Then at most 2 more emails \(up to 1 per lead\), after the sequence's waits and only while the lead has not replied, bounced or unsubscribed;.* about 2 business days after the first\.$/),
      expect.stringContaining('skips a contact form step'),
    ]);
    await asOperator().outreach.start({ campaignId, confirm: true });

    const enrolments = await sql<{ id: string; leadId: string; email: string | null }[]>`
      select id, lead_id as "leadId", email from enrolments where campaign_id = ${campaignId} order by email nulls first`;
    const ids = await createSends(
      sql,
      enrolments.map((enrolment) => ({
        workspaceId: operator.workspaceId, campaignId, enrolmentId: enrolment.id, leadId: enrolment.leadId, stepId: 'form', stepPosition: 0, nextStepId: 'wait',
        channel: 'form' as const, toAddress: null, idempotencyKey: `send:${enrolment.id}:form`, messageId: `<${enrolment.id}.form@switchboard.test>`, notBefore: new Date(0),
      })),
    );
    const [submitted, skipped, failed] = ids.map((row) => row.id);
    const now = new Date();
    for (const sendId of [submitted!, skipped!, failed!]) expect(await claimSendForSending(sql, { workspaceId: operator.workspaceId, sendId, now, mailboxId: null, provider: 'browser' })).not.toBeNull();
    await markSendSent(sql, { workspaceId: operator.workspaceId, sendId: submitted!, provider: 'browser', providerMessageId: null, subject: '', now, formUrl: 'https://example.test/contact' });
    await markSendSkipped(sql, { workspaceId: operator.workspaceId, sendId: skipped!, outcome: 'no_form', reason: 'No contact form on the site.', formUrl: null, now });
    await markSendFailed(sql, { workspaceId: operator.workspaceId, sendId: failed!, failure: 'The form answered with an error.' });

    const board = await asViewer().outreach.board({ campaignId });
    expect(board.steps.map((step) => [step.stepId, step.channel, step.removed, step.scheduled, step.sent, step.skipped, step.failed])).toEqual([
      ['form', 'form', false, 0, 1, 1, 1],
      ['mail', 'email', false, 0, 0, 0, 0],
    ]);

    // The id "form" now names an email step: its row counts no form send; the form sends keep a row of their own.
    const { steps } = formSequence;
    await asOperator().outreach.saveSequence({ campaignId, sequence: { steps: [{ id: 'form', type: 'email', subject: 'Hi', body: 'Hi\n{{ mailbox.postal_address }} {{ unsubscribe_url }}' }, ...steps.slice(1)] } });
    expect((await asViewer().outreach.board({ campaignId })).steps.map((step) => [step.stepId, step.channel, step.removed, step.sent, step.skipped, step.failed])).toEqual([
      ['form', 'email', false, 0, 0, 0],
      ['mail', 'email', false, 0, 0, 0],
      ['form', 'form', true, 1, 1, 1],
    ]);
  });

  it('enrols a lead that has only a contact form, and shows its submission and screenshot to members of the workspace only', async () => {
    const setup = await outreachCampaign(sql, operator, 'Form start');
    const { campaignId } = setup;
    const formOnly = setup.approvedWithoutEmail[0]!;
    await sql`update leads set has_contact_form = true where id = ${formOnly}`;
    await setCampaignMailboxes(sql, operator.workspaceId, campaignId, [await outreachMailbox(sql, operator)]);
    await asOperator().outreach.saveSequence({ campaignId, sequence: formSequence });
    expect(await asViewer().outreach.startPreview({ campaignId })).toMatchObject({ blockers: [], counts: { enrolable: 2, formOnly: 1 }, contactFormSteps: 1 });
    expect(await asOperator().outreach.start({ campaignId, confirm: true })).toMatchObject({ enrolled: 3 });
    expect(await enrolledLeads(campaignId)).toEqual([...setup.approvedWithEmail, formOnly].sort());

    const [enrolment] = await sql<{ id: string }[]>`select id from enrolments where lead_id = ${formOnly} and email is null`;
    const [send] = await createSends(sql, [
      {
        workspaceId: operator.workspaceId, campaignId, enrolmentId: enrolment!.id, leadId: formOnly, stepId: 'form', stepPosition: 0, nextStepId: 'wait',
        channel: 'form', toAddress: null, idempotencyKey: `send:${enrolment!.id}:form`, messageId: `<${enrolment!.id}@switchboard.test>`, notBefore: new Date(),
      },
    ]);
    const png = Buffer.from('89504e470d0a1a0a0000', 'hex');
    await storeSendScreenshot(sql, { workspaceId: operator.workspaceId, sendId: send!.id, png });

    expect(await asViewer().outreach.leadFormSends({ leadId: formOnly })).toEqual([expect.objectContaining({ id: send!.id, stepId: 'form', status: 'queued', hasScreenshot: true })]);
    expect(Buffer.from((await asViewer().outreach.formScreenshot({ sendId: send!.id })).pngBase64, 'base64')).toEqual(png);
    await expect(asStranger().outreach.formScreenshot({ sendId: send!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asStranger().outreach.leadFormSends({ leadId: formOnly })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asViewer().outreach.formScreenshot({ sendId: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
