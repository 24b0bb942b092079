import { appendCallTranscriptLine, createCalls, moveCall, recordCallReport, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { outreachCampaign, type OutreachCampaign } from '../../../tests/outreach-campaign.ts';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];
let stranger: TestMember;
let campaign: OutreachCampaign;

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('call-page-test', {
    workspaceName: 'Calls',
    emails: { admin: 'ada@calls.test', operator: 'otto@calls.test', viewer: 'vera@calls.test' },
  });
  ({ sql, web, members } = workspace);
  stranger = await createMember(sql, { email: 'gus@globex.test', role: 'admin', workspaceName: 'Globex' });
  campaign = await outreachCampaign(sql, members.admin, 'Austin calls');
});

afterAll(() => workspace.close());

const get = (path: string, member: TestMember) => fetch(`${web.base}${path}`, { headers: { cookie: member.cookie } });
const post = (path: string, member: TestMember, fields: [string, string][]) =>
  fetch(`${web.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: member.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
    body: new URLSearchParams(fields),
  });

let calls = 0;
/** A queued call to the campaign's first lead, out of `phoneNumberId` (the sandbox's, or a real number's). */
async function queuedCall(phoneNumberId = 'pn-live') {
  calls += 1;
  const leadId = campaign.approvedWithEmail[0]!;
  // A lead has one call queued or live at a time: an earlier test's call to it ends first.
  await sql`update calls set status = 'canceled', ended_at = now() where lead_id = ${leadId} and status in ('queued', 'dialing', 'ringing', 'in_progress')`;
  const [created] = await createCalls(sql, [
    { workspaceId: members.admin.workspaceId, campaignId: campaign.campaignId, leadId, toNumber: `+1512555${String(calls).padStart(4, '0')}`, phoneNumberId, attempt: calls, attemptKey: `call-page-${calls}`, notBefore: new Date() },
  ]);
  const [lead] = await sql<[{ name: string }]>`select name from leads where id = ${leadId}`;
  return { callId: created!.id, leadId, leadName: lead.name };
}

const ids = (callId: string) => ({ workspaceId: members.admin.workspaceId, callId });
const T0 = new Date('2026-11-30T16:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('a call’s page', () => {
  it('shows a queued call to a viewer: lead, campaign, number, status, timings, and no cancel button', async () => {
    const { callId, leadId, leadName } = await queuedCall();
    const response = await get(`/calls/${callId}`, members.viewer);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`Call to ${leadName}`);
    expect(html).toContain(`href="/leads/${leadId}"`);
    // The breadcrumb leads back to the campaign's own call board.
    expect(html).toContain(`href="/calls?campaign=${campaign.campaignId}"`);
    expect(html).toContain('Austin calls');
    expect(html).toContain('Queued');
    expect(html).toContain('The transcript appears here line by line once the call is answered.');
    expect(html).toContain('A recording link comes with Vapi’s report when the call ends.');
    expect(html).not.toContain('Cancel this call');
  });

  it('lets an operator cancel a queued call after confirming, and a viewer’s post is refused', async () => {
    const { callId, leadName } = await queuedCall();
    expect(await (await get(`/calls/${callId}`, members.operator)).text()).toContain('Cancel this call');
    const confirm = await (await get(`/calls/${callId}?confirm=cancel`, members.operator)).text();
    expect(confirm).toContain(`Cancel the queued call to ${leadName}?`);
    const refused = await post(`/calls/${callId}`, members.viewer, [['intent', 'cancel']]);
    expect(refused.status).toBe(403);
    const canceled = await post(`/calls/${callId}`, members.operator, [['intent', 'cancel']]);
    expect(canceled.status).toBe(302);
    expect(canceled.headers.get('location')).toBe(`/calls/${callId}`);
    const html = await (await get(`/calls/${callId}`, members.operator)).text();
    expect(html).toContain('Canceled');
    expect(html).toContain('Canceled by an operator.');
    expect(html).not.toContain('Cancel this call');
    // A second cancel is refused in words, not with an error page (and answered 200: the page says why).
    const again = await post(`/calls/${callId}`, members.operator, [['intent', 'cancel']]);
    expect(again.status).toBe(200);
  });

  it('shows a live call’s transcript lines in the order said, with their time into the call, and its assistant delays', async () => {
    const { callId } = await queuedCall();
    await moveCall(sql, { ...ids(callId), event: 'claim', at: at(0) });
    await moveCall(sql, { ...ids(callId), event: 'answer', at: at(4) });
    await appendCallTranscriptLine(sql, { ...ids(callId), line: { role: 'user', text: 'Hello? Who is this?' }, saidAt: at(9), maxLines: 500 });
    await appendCallTranscriptLine(sql, { ...ids(callId), line: { role: 'assistant', text: 'Hi, this is Sam from Acme.' }, saidAt: at(5), maxLines: 500 });
    await sql`update calls set assistant_hangs = 2, last_assistant_hang_at = ${at(20)} where id = ${callId}`;
    const html = await (await get(`/calls/${callId}`, members.viewer)).text();
    expect(html).toContain('In progress');
    expect(html).toContain('Live: lines appear as they are spoken.');
    const assistant = html.indexOf('Hi, this is Sam from Acme.');
    const user = html.indexOf('Hello? Who is this?');
    expect(assistant).toBeGreaterThan(-1);
    expect(user).toBeGreaterThan(assistant);
    expect(html).toMatch(/Assistant(<!-- -->)? <time class="transcript-time">0:01<\/time>/);
    expect(html).toMatch(/Lead(<!-- -->)? <time class="transcript-time">0:05<\/time>/);
    expect(html).toContain('kept the caller waiting <!-- -->2 times');
  });

  it('shows an ended call’s report: the report’s transcript, outcome in words, duration, cost, summary, analysis, and the recording link', async () => {
    const { callId } = await queuedCall();
    await moveCall(sql, { ...ids(callId), event: 'claim', at: at(0) });
    await moveCall(sql, { ...ids(callId), event: 'answer', at: at(4) });
    await appendCallTranscriptLine(sql, { ...ids(callId), line: { role: 'assistant', text: 'A live line the report replaces.' }, saidAt: at(5), maxLines: 500 });
    await moveCall(sql, { ...ids(callId), event: 'complete', at: at(64) });
    await recordCallReport(sql, {
      ...ids(callId),
      report: {
        endedReason: 'customer-ended-call', durationS: 60, costUsd: 0.1834, transcript: 'AI: Hi, this is Sam.\nUser: Friday works.', summary: 'Booked a visit on Friday.',
        recordingUrl: 'https://storage.vapi.ai/rec.wav', analysis: { structuredData: { visitDay: 'friday', meetingBooked: false, seats: 1200, contacts: [{ name: 'Ann', isOwner: true }] }, successEvaluation: 'true' }, startedAt: at(4), endedAt: at(64),
      },
    });
    const html = await (await get(`/calls/${callId}`, members.viewer)).text();
    expect(html).toContain('Completed');
    expect(html).toContain('The person called hung up.');
    expect(html).toContain('1:00');
    expect(html).toContain('$0.1834');
    expect(html).toContain('Booked a visit on Friday.');
    // The analysis as an operator reads it: keys in words, booleans as Yes/No, numbers as numbers, nested data on one line.
    expect(html).toContain('<dt class="break-anywhere">Visit day</dt><dd class="break-anywhere">friday</dd>');
    expect(html).toContain('<dt class="break-anywhere">Meeting booked</dt><dd class="break-anywhere">No</dd>');
    expect(html).toContain('<dt class="break-anywhere">Seats</dt><dd class="break-anywhere">1,200</dd>');
    expect(html).toContain('<dt class="break-anywhere">Contacts</dt><dd class="break-anywhere">(Name: Ann; Is owner: Yes)</dd>');
    expect(html).toContain('<dt class="break-anywhere">Success evaluation</dt><dd class="break-anywhere">Yes</dd>');
    expect(html).not.toMatch(/<dt[^>]*>meetingBooked/);
    // Timings on the UTC clock, saying so.
    expect(html).toContain('<dt>Answered</dt><dd>Nov 30, 2026, 4:00:04 PM UTC</dd>');
    expect(html).toContain('<dt>Ended</dt><dd>Nov 30, 2026, 4:01:04 PM UTC</dd>');
    expect(html).toContain('href="https://storage.vapi.ai/rec.wav"');
    expect(html).toContain('data-source="report"');
    expect(html).toContain('Friday works.');
    expect(html).not.toContain('A live line the report replaces.');
    expect(html).toContain('The full transcript from Vapi’s end-of-call report.');
  });

  it('says truthfully that a sandbox call has no recording', async () => {
    const { callId } = await queuedCall('sandbox');
    await moveCall(sql, { ...ids(callId), event: 'claim', at: at(0) });
    await moveCall(sql, { ...ids(callId), event: 'miss', at: at(30) });
    const html = await (await get(`/calls/${callId}`, members.viewer)).text();
    expect(html).toContain('No recording: this was a sandbox call, so nothing was recorded.');
    // Its report comes from the sandbox caller, and the page names it, not Vapi.
    expect(html).toContain('No transcript: nothing was said on this call, or the sandbox caller reported none.');
    expect(html).toContain('The sandbox caller reported no summary for this call.');
  });

  it('answers another workspace’s call, a malformed id and an unknown id with a 404 page, not an error', async () => {
    const { callId } = await queuedCall();
    for (const [path, member] of [
      [`/calls/${callId}`, stranger],
      ['/calls/not-a-call', members.viewer],
      ['/calls/00000000-0000-4000-8000-000000000000', members.viewer],
    ] as const) {
      const response = await get(path, member);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(html).toContain('That call does not exist in this workspace.');
      expect(html).toContain('Back to calls');
    }
    const post404 = await post(`/calls/${callId}`, stranger, [['intent', 'cancel']]);
    expect(post404.status).toBe(404);
    // Without a session: off to sign in, the call unseen.
    const anonymous = await fetch(`${web.base}/calls/${callId}`, { redirect: 'manual' });
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([302, expect.stringMatching(/^\/sign-in/)]);
  });
});
