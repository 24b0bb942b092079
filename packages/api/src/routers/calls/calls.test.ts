import { callAttemptKey, defaultSequence, outsideCallingWindowReason, type EventTopic } from '@switchboard/core';
import { appendCallTranscriptLine, createCalls, listAudit, moveCall, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { outreachCampaign } from '../../../../../tests/outreach-campaign.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let viewer: TestMember;
let stranger: TestMember;
const published: { workspaceId: string | null; topic: EventTopic; payload: unknown }[] = [];
const enqueued: string[] = [];

beforeAll(async () => {
  acme = await openTestWorkspace('calls-api-test');
  ({ sql, operator } = acme);
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
  stranger = await createMember(sql, { email: 'gus@globex.test', role: 'admin', workspaceName: 'Globex' });
});

afterAll(() => acme.close());

const asOperator = () =>
  callerAs(sql, operator, 'operator', {
    publish: async (workspaceId, topic, payload) => void published.push({ workspaceId, topic, payload }),
    enqueue: async (queue) => {
      enqueued.push(queue);
      return 'job-id';
    },
    vapiPhoneNumberId: 'pn-env',
  });
const asViewer = () => callerAs(sql, viewer, 'viewer');
const asStranger = () => callerAs(sql, stranger, 'admin');

let phones = 0;

/** A campaign with `approved` approved leads, all but the last given a phone number. */
async function callCampaign(name: string, approved = 3) {
  const campaign = await outreachCampaign(sql, operator, name, approved);
  const approvedIds = [...campaign.approvedWithEmail, ...campaign.approvedWithoutEmail];
  const withPhone = approvedIds.slice(0, -1);
  for (const id of [...withPhone, campaign.pendingId]) await sql`update leads set phone = ${`+1512555${String((phones += 1)).padStart(4, '0')}`} where id = ${id}`;
  return { campaignId: campaign.campaignId, withPhone, withoutPhone: approvedIds.at(-1)! };
}

const callsOf = (campaignId: string) =>
  sql<{ id: string; leadId: string; status: string; phoneNumberId: string; attempt: number }[]>`
    select id, lead_id as "leadId", status, phone_number_id as "phoneNumberId", attempt from calls where campaign_id = ${campaignId} order by lead_id`;

describe('calls.queueForCampaign', () => {
  it('queues one first call per approved lead with a phone, once however often it is asked, audited and announced', async () => {
    const { campaignId, withPhone } = await callCampaign('Queue calls', 4);
    const first = await asOperator().calls.queueForCampaign({ campaignId, confirm: true });
    expect(first).toEqual({ queued: 3, more: false, waitsForActivation: true, waitsForBudget: false, notQueued: [] });
    const calls = await callsOf(campaignId);
    expect(calls.map((call) => call.leadId).sort()).toEqual([...withPhone].sort());
    expect(calls.every((call) => call.status === 'queued' && call.attempt === 1 && call.phoneNumberId === 'pn-env')).toBe(true);
    expect(await asOperator().calls.queueForCampaign({ campaignId, confirm: true })).toMatchObject({
      queued: 0,
      notQueued: ['3 leads have a call queued or in progress in this campaign.', '1 approved lead has no phone number.', '1 lead is not approved.'],
    });
    expect(await callsOf(campaignId)).toHaveLength(3);
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'calls.queue', limit: 5 });
    expect(entry).toMatchObject({ targetId: campaignId, summary: { queued: 3, more: false } });
    const events = published.filter((event) => event.topic === 'calls.changed' && (event.payload as { campaignId: string }).campaignId === campaignId);
    expect(events).toHaveLength(3);
    expect(events.every((event) => event.workspaceId === operator.workspaceId)).toBe(true);
    expect(enqueued).toContain('calls.tick');
  });

  it('says the calls of an active campaign with a $0 call budget wait for the budget, and queues them', async () => {
    const { campaignId } = await callCampaign('Queue zero budget');
    await sql`update campaigns set status = 'active', call_budget_usd = 0 where id = ${campaignId}`;
    expect(await asOperator().calls.queueForCampaign({ campaignId, confirm: true })).toEqual({ queued: 2, more: false, waitsForActivation: false, waitsForBudget: true, notQueued: [] });
    const board = await asViewer().calls.board({ campaignId });
    expect(board.budget).toMatchObject({ budgetUsd: 0, open: false, reason: "No calls are placed: the campaign's call budget is $0. Its queued calls wait until you raise the budget (or clear it for none)." });
  });

  it('says why nothing can be queued when the leads are in the sequence, not that they already have a call', async () => {
    const { campaignId } = await callCampaign('Queue sequence', 3);
    await sql`update leads set status = 'in_outreach' where campaign_id = ${campaignId} and status = 'approved'`;
    expect((await asViewer().calls.queuePreview({ campaignId })).notQueued[0]).toBe('3 leads are in the sequence, which has no call step (only approved leads not in it are queued here).');
    const steps = [defaultSequence().steps[0]!, { id: 'ring', type: 'call' as const, note: 'Ask for the owner' }];
    await asOperator().outreach.saveSequence({ campaignId, sequence: { steps } });
    expect(await asViewer().calls.queuePreview({ campaignId })).toMatchObject({
      count: 0,
      notQueued: ['3 leads are in the sequence and not yet at a call step (the sequence queues their calls when they get there).', '1 lead is not approved.'],
    });
    expect(await asOperator().calls.queueForCampaign({ campaignId, confirm: true })).toMatchObject({ queued: 0, notQueued: expect.arrayContaining([expect.stringMatching(/^3 leads are in the sequence/)]) });
    expect(await callsOf(campaignId)).toEqual([]);
  });

  it('refuses without confirmation, a viewer, and another workspace’s campaign', async () => {
    const { campaignId } = await callCampaign('Queue refused');
    await expect(asOperator().calls.queueForCampaign({ campaignId, confirm: false as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(asViewer().calls.queueForCampaign({ campaignId, confirm: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asStranger().calls.queueForCampaign({ campaignId, confirm: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await callsOf(campaignId)).toHaveLength(0);
  });

  it('refuses a completed or archived campaign, which never places a call again', async () => {
    const { campaignId } = await callCampaign('Queue finished');
    for (const status of ['completed', 'archived']) {
      await sql`update campaigns set status = ${status} where id = ${campaignId}`;
      await expect(asOperator().calls.queueForCampaign({ campaignId, confirm: true })).rejects.toMatchObject({ code: 'CONFLICT', message: `“Queue finished” is ${status} and places no more calls, so none were queued.` });
    }
    expect(await callsOf(campaignId)).toHaveLength(0);
  });

  // 20 at once is what one tRPC batch carries (their calls run side by side), or 20 tabs.
  it('queues each lead’s call once and at most 500 per request, under 20 requests at once', async () => {
    const campaign = await outreachCampaign(sql, operator, 'Queue flood', 1_201);
    await sql`update leads set phone = '+1512556' || lpad((row_number)::text, 4, '0') from (select id, row_number() over (order by id) from leads where campaign_id = ${campaign.campaignId}) numbered where leads.id = numbered.id`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => asOperator().calls.queueForCampaign({ campaignId: campaign.campaignId, confirm: true })));
    for (const answer of answers) expect(answer.queued).toBeLessThanOrEqual(500);
    const calls = await callsOf(campaign.campaignId);
    expect(new Set(calls.map((call) => call.leadId)).size).toBe(calls.length);
    expect(calls).toHaveLength(answers.reduce((sum, answer) => sum + answer.queued, 0));
    // Asked again until none remain, every approved lead with a phone has its one call.
    while ((await asOperator().calls.queueForCampaign({ campaignId: campaign.campaignId, confirm: true })).more);
    expect(await callsOf(campaign.campaignId)).toHaveLength(1_201);
  });
});

describe('calls.board, calls.get and calls.cancel', () => {
  it('shows live calls, slots against the cap, queue depth, today’s outcomes and the budget, to a viewer', async () => {
    const { campaignId } = await callCampaign('Board', 4);
    await asOperator().calls.queueForCampaign({ campaignId, confirm: true });
    const [live, ended] = await callsOf(campaignId);
    const ids = (id: string) => ({ workspaceId: operator.workspaceId, callId: id, at: new Date() });
    await moveCall(sql, { ...ids(live!.id), event: 'claim' });
    // The scheduler's claim stamps when dialing began; moveCall stands in for it here.
    await sql`update calls set dialing_at = now() where id = ${live!.id}`;
    await moveCall(sql, { ...ids(ended!.id), event: 'claim' });
    await moveCall(sql, { ...ids(ended!.id), event: 'miss' });
    await sql`update calls set cost_usd = 0.75 where id = ${ended!.id}`;
    await asOperator().calls.updateSettings({ campaignId, assistantId: 'asst-1', maxAttempts: 1, spacingMinutes: 60, budgetUsd: 0.5 });
    const board = await asViewer().calls.board({ campaignId });
    expect(board.slots).toEqual({ used: 1, cap: 8 });
    expect(board.queued).toBe(1);
    expect(board.active.map((call) => [call.id, call.status])).toEqual([[live!.id, 'dialing']]);
    expect(board.active[0]!.startedAt).toBeInstanceOf(Date);
    expect(board.recent.map((call) => [call.id, call.status])).toEqual([[ended!.id, 'no_answer']]);
    expect(board.outcomesToday).toMatchObject({ no_answer: 1, completed: 0 });
    expect(board.budget).toMatchObject({ budgetUsd: 0.5, spentUsd: 0.75, open: false, reason: expect.stringContaining('call budget of $0.50 is used up') });
    // The queue lists the calls due next with their lead; the ended call counts toward today's spend, with its duration column.
    expect(board.queuedNext.map((call) => [call.id, call.attempt])).toEqual([[(await callsOf(campaignId)).find((call) => call.status === 'queued')!.id, 1]]);
    expect(board.spentTodayUsd).toBe(0.75);
    expect(board.recent[0]).toMatchObject({ durationS: null, costUsd: 0.75 });
    // The workspace's board counts every campaign and has no budget of its own.
    const workspace = await asViewer().calls.board({});
    expect(workspace.budget).toBeNull();
    expect(workspace.active.map((call) => call.id)).toContain(live!.id);
    await expect(asStranger().calls.board({ campaignId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await asStranger().calls.board({})).active).toEqual([]);
  });

  it('shows one call with its report, and another workspace’s call is not found', async () => {
    const { campaignId } = await callCampaign('Get call', 2);
    await asOperator().calls.queueForCampaign({ campaignId, confirm: true });
    const [call] = await callsOf(campaignId);
    await sql`update calls set transcript = 'AI: Hello', summary = 'Booked a visit', recording_url = 'https://rec.example/1.wav', cost_usd = 0.31 where id = ${call!.id}`;
    const shown = await asViewer().calls.get({ callId: call!.id });
    expect(shown).toMatchObject({ id: call!.id, status: 'queued', statusLabel: 'Queued', transcript: 'AI: Hello', summary: 'Booked a visit', recordingUrl: 'https://rec.example/1.wav', costUsd: 0.31 });
    expect(shown).not.toHaveProperty('attemptKey');
    expect(shown.liveTranscript).toEqual([]);
    await expect(asStranger().calls.get({ callId: call!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows a live call’s transcript lines in the order said, with the lead and campaign it is for; another workspace gets not found', async () => {
    const { campaignId } = await callCampaign('Live transcript', 2);
    await asOperator().calls.queueForCampaign({ campaignId, confirm: true });
    const [call] = await callsOf(campaignId);
    const callId = call!.id;
    const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 16, 0, s));
    await appendCallTranscriptLine(sql, { workspaceId: operator.workspaceId, callId, line: { role: 'user', text: 'Hello?' }, saidAt: at(8), maxLines: 10 });
    await appendCallTranscriptLine(sql, { workspaceId: operator.workspaceId, callId, line: { role: 'assistant', text: 'Hi, this is Sam.' }, saidAt: at(6), maxLines: 10 });
    const shown = await asViewer().calls.get({ callId });
    expect(shown).toMatchObject({ leadId: call!.leadId, campaignId, campaignName: 'Live transcript', leadName: expect.any(String), assistantHangs: 0, sandbox: false });
    expect(shown.liveTranscript).toEqual([
      { role: 'assistant', text: 'Hi, this is Sam.', saidAt: at(6) },
      { role: 'user', text: 'Hello?', saidAt: at(8) },
    ]);
    await expect(asStranger().calls.get({ callId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asViewer().calls.get({ callId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Once the report's transcript is stored it is the record: the live lines are not sent again.
    await sql`update calls set transcript = 'AI: Hi, this is Sam.' where id = ${callId}`;
    expect((await asViewer().calls.get({ callId })).liveTranscript).toEqual([]);
  });

  it('cancels a queued call through the state machine, audited; a live one or a viewer is refused', async () => {
    const { campaignId } = await callCampaign('Cancel call', 3);
    await asOperator().calls.queueForCampaign({ campaignId, confirm: true });
    const [queued, dialing] = await callsOf(campaignId);
    await moveCall(sql, { workspaceId: operator.workspaceId, callId: dialing!.id, event: 'claim', at: new Date() });
    await expect(asViewer().calls.cancel({ callId: queued!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asStranger().calls.cancel({ callId: queued!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await asOperator().calls.cancel({ callId: queued!.id })).toEqual({ status: 'canceled' });
    await expect(asOperator().calls.cancel({ callId: dialing!.id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('dialing') });
    expect((await callsOf(campaignId)).map((call) => call.status).sort()).toEqual(['canceled', 'dialing']);
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'calls.cancel', limit: 1 });
    expect(entry).toMatchObject({ targetId: queued!.id });
    expect(published).toContainEqual({ workspaceId: operator.workspaceId, topic: 'calls.changed', payload: { callId: queued!.id, campaignId, status: 'canceled' } });
  });

  it('wakes the sequence scheduler when the canceled call was a sequence’s, whose enrolment goes on from it', async () => {
    const { campaignId, withPhone } = await callCampaign('Cancel sequence call', 3);
    const leadId = withPhone[0]!;
    const [enrolment] = await sql<{ id: string }[]>`
      insert into enrolments (workspace_id, campaign_id, lead_id, email, step_id, step_since, next_action_at)
      values (${operator.workspaceId}, ${campaignId}, ${leadId}, 'owner@cancel-sequence.example', 'ring', now(), null) returning id`;
    const sequenceStep = { enrolmentId: enrolment!.id, stepId: 'ring' };
    const [call] = await createCalls(sql, [{ workspaceId: operator.workspaceId, campaignId, leadId, toNumber: '+15125559999', phoneNumberId: 'pn-env', attempt: 1, notBefore: new Date(), ...sequenceStep, attemptKey: callAttemptKey({ campaignId, leadId, attempt: 1, sequenceStep }) }]);
    const before = enqueued.length;
    expect(await asOperator().calls.cancel({ callId: call!.id })).toEqual({ status: 'canceled' });
    expect(enqueued.slice(before)).toEqual(['outreach.tick']);
    const [woken] = await sql<{ at: Date | null }[]>`select next_action_at as at from enrolments where id = ${enrolment!.id}`;
    expect(woken?.at).not.toBeNull();
    // A campaign's own call has no enrolment to wake.
    await asOperator().calls.queueForCampaign({ campaignId, confirm: true });
    const own = (await callsOf(campaignId)).find((row) => row.status === 'queued' && row.id !== call!.id)!;
    const afterQueue = enqueued.length;
    await asOperator().calls.cancel({ callId: own.id });
    expect(enqueued.slice(afterQueue)).toEqual([]);
  });
});

describe('call settings and spend', () => {
  it('reads a campaign’s call settings (the default calling window when none is stored), and how many leads queuing would call', async () => {
    const { campaignId } = await callCampaign('Settings read', 4);
    expect(await asViewer().calls.settings({ campaignId })).toEqual({
      assistantId: null,
      maxAttempts: 3,
      spacingMinutes: 240,
      callWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 9, endHour: 17 },
      budgetUsd: null,
    });
    expect(await asViewer().calls.queuePreview({ campaignId })).toEqual({ count: 3, more: false, perRequest: 500, notQueued: [] });
    await asOperator().calls.queueForCampaign({ campaignId, confirm: true });
    expect(await asViewer().calls.queuePreview({ campaignId })).toMatchObject({ count: 0, more: false, perRequest: 500, notQueued: expect.arrayContaining(['3 leads have a call queued or in progress in this campaign.']) });
    await expect(asStranger().calls.settings({ campaignId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asStranger().calls.queuePreview({ campaignId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('wakes the scheduler when a campaign becomes active, so its queued calls do not wait for the next regular tick', async () => {
    const { campaignId } = await callCampaign('Wake on activate', 1);
    enqueued.length = 0;
    await asOperator().campaigns.setStatus({ id: campaignId, event: 'activate' });
    expect(enqueued).toEqual(['calls.tick']);
    await asOperator().campaigns.setStatus({ id: campaignId, event: 'pause' });
    expect(enqueued).toEqual(['calls.tick']);
  });

  it('validates and stores a campaign’s call settings, audited; a viewer may not', async () => {
    const { campaignId } = await callCampaign('Settings', 1);
    const window = { days: ['mon', 'tue', 'wed'] as const, startHour: 10, endHour: 16 };
    await asOperator().calls.updateSettings({ campaignId, assistantId: 'asst-9', maxAttempts: 4, spacingMinutes: 90, callWindow: { ...window, days: [...window.days] }, budgetUsd: 25 });
    const [row] = await sql<{ assistantId: string; maxAttempts: number; spacing: number; budget: number }[]>`
      select call_assistant_id as "assistantId", call_max_attempts as "maxAttempts", call_retry_spacing_minutes as spacing, call_budget_usd::float8 as budget from campaigns where id = ${campaignId}`;
    expect(row).toEqual({ assistantId: 'asst-9', maxAttempts: 4, spacing: 90, budget: 25 });
    await expect(asOperator().calls.updateSettings({ campaignId, assistantId: null, maxAttempts: 11, spacingMinutes: 90 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('At most 10 attempts') });
    await expect(asOperator().calls.updateSettings({ campaignId, assistantId: null, maxAttempts: 2, spacingMinutes: 90, budgetUsd: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(asViewer().calls.updateSettings({ campaignId, assistantId: null, maxAttempts: 2, spacingMinutes: 90 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'campaign.call_settings', limit: 1 });
    expect(entry).toMatchObject({ targetId: campaignId, summary: { assistantId: 'asst-9', maxAttempts: 4, budgetUsd: 25 } });
  });

  it('refuses a call budget or spend alert in fractions of a cent, which would be stored as a smaller amount', async () => {
    const { campaignId } = await callCampaign('Budget cents', 1);
    await asOperator().calls.updateSettings({ campaignId, assistantId: null, maxAttempts: 2, spacingMinutes: 90, budgetUsd: 12.5 });
    // 0.004 would be stored as $0.00, a budget that holds every call.
    await expect(asOperator().calls.updateSettings({ campaignId, assistantId: null, maxAttempts: 2, spacingMinutes: 90, budgetUsd: 0.004 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Give the budget in dollars and cents (at most 2 decimals).'),
    });
    const [row] = await sql<{ budget: number }[]>`select call_budget_usd::float8 as budget from campaigns where id = ${campaignId}`;
    expect(row!.budget).toBe(12.5);
    await asOperator().calls.updateSettings({ campaignId, assistantId: null, maxAttempts: 2, spacingMinutes: 90, budgetUsd: 0.07 });
    const [cents] = await sql<{ budget: number }[]>`select call_budget_usd::float8 as budget from campaigns where id = ${campaignId}`;
    expect(cents!.budget).toBe(0.07);
    await expect(callerAs(sql, operator, 'admin').calls.setSpendAlert({ thresholdUsd: 19.999 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Give the threshold in dollars and cents (at most 2 decimals).'),
    });
  });

  it('a changed calling window makes calls held back for the old one due now and wakes the scheduler; a retry’s wait is kept', async () => {
    const { campaignId } = await callCampaign('Window change', 3);
    await asOperator().calls.queueForCampaign({ campaignId, confirm: true });
    const [held, spaced] = await callsOf(campaignId);
    // What the scheduler leaves behind: one call pushed to the window's next opening, one waiting out its retry spacing.
    await sql`update calls set not_before = now() + interval '9 hours', failure = ${outsideCallingWindowReason('America/Chicago')} where id = ${held!.id}`;
    await sql`update calls set not_before = now() + interval '4 hours', failure = null where id = ${spaced!.id}`;
    enqueued.length = 0;
    await asOperator().calls.updateSettings({ campaignId, assistantId: null, maxAttempts: 3, spacingMinutes: 240, callWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 } });
    const due = await sql<{ id: string; due: boolean }[]>`select id, not_before <= now() as due from calls where campaign_id = ${campaignId}`;
    expect(due.find((call) => call.id === held!.id)?.due).toBe(true);
    expect(due.find((call) => call.id === spaced!.id)?.due).toBe(false);
    expect(enqueued).toEqual(['calls.tick']);
    // Nothing held back: saving again wakes nobody.
    enqueued.length = 0;
    await asOperator().calls.updateSettings({ campaignId, assistantId: null, maxAttempts: 3, spacingMinutes: 240, callWindow: { days: ['mon'], startHour: 9, endHour: 17 } });
    expect(enqueued).toEqual([]);
  });

  it('sums a campaign’s call cost per UTC day and against its budget', async () => {
    const { campaignId } = await callCampaign('Spend', 4);
    await asOperator().calls.queueForCampaign({ campaignId, confirm: true });
    const calls = await callsOf(campaignId);
    await sql`update calls set status = 'completed', ended_at = '2026-03-02T10:00:00Z', cost_usd = 1.10 where id = ${calls[0]!.id}`;
    await sql`update calls set status = 'completed', ended_at = now(), cost_usd = 0.40 where id = ${calls[1]!.id}`;
    await sql`update calls set status = 'completed', ended_at = now(), cost_usd = 0.35 where id = ${calls[2]!.id}`;
    const spend = await asViewer().calls.spend({ campaignId, days: 7 });
    expect(spend.days).toEqual([{ day: new Date().toISOString().slice(0, 10), calls: 2, costUsd: 0.75 }]);
    expect(spend).toMatchObject({ spentUsd: 1.85, budgetUsd: null, open: true });
    await expect(asStranger().calls.spend({ campaignId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets an admin set the workspace’s daily spend alert, and no one else', async () => {
    await expect(asOperator().calls.setSpendAlert({ thresholdUsd: 20 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await callerAs(sql, operator, 'admin').calls.setSpendAlert({ thresholdUsd: 20 })).toEqual({ thresholdUsd: 20 });
    const [row] = await sql<{ threshold: number }[]>`select call_daily_spend_alert_usd::float8 as threshold from workspaces where id = ${operator.workspaceId}`;
    expect(row!.threshold).toBe(20);
  });
});
