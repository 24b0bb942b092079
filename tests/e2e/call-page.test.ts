import { createCalls, createSql, markCallPlaced, moveCall, type Sql } from '@switchboard/db';
import { deliverVapiWebhook, vapiEndOfCallReportBody, vapiStatusUpdateBody, vapiTranscriptBody, type VapiCallObject } from '@switchboard/provider-fakes';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, TEST_PASSWORD, type TestMember } from '../accounts.ts';
import { outreachCampaign } from '../outreach-campaign.ts';
import { launchBrowser, signedInPage } from './browser.ts';
import { layoutProblems, screenshotFor } from './overflow.ts';
import { startSwitchboard, type RunningSwitchboard } from './server.ts';

// A call's page against the real web server and worker: Vapi's signed webhooks reach /webhooks/vapi,
// the worker's calls.webhook job applies them and publishes, and the open page shows each transcript
// line as it is said, in the order said, then the report's transcript, with no reload. The campaign's
// page follows too: the report whose cost reaches the call budget pauses the campaign, shown at once.

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const HMAC = { hmacSecret: 'call-page-e2e-hmac-secret-0123456789' };
/** Generous for a shared 2-core machine; the path itself is a NOTIFY and one refetch. */
const LIVE_UPDATE_TIMEOUT_MS = 10_000;

let switchboard: RunningSwitchboard;
let browser: Browser;
let sql: Sql;
let operator: TestMember;

beforeAll(async () => {
  [switchboard, browser] = await Promise.all([startSwitchboard({ env: { VAPI_WEBHOOK_HMAC_SECRET: HMAC.hmacSecret } }), launchBrowser()]);
  sql = createSql(switchboard.databaseUrl, { applicationName: 'e2e-call-page', max: 2 });
  operator = await createMember(sql, { email: 'otto@acme.test', role: 'operator', workspaceName: 'Acme' });
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await switchboard?.stop();
});

/**
 * A call the scheduler has placed at Vapi, in a campaign of its own named `name` (a draft, so the
 * worker's tick leaves it alone), to the number `toNumber`.
 */
async function placedCall(name: string, toNumber: string) {
  const campaign = await outreachCampaign(sql, operator, name);
  const leadId = campaign.approvedWithEmail[0]!;
  const key = campaign.campaignId;
  const [created] = await createCalls(sql, [
    { workspaceId: operator.workspaceId, campaignId: campaign.campaignId, leadId, toNumber, phoneNumberId: 'pn-e2e', attempt: 1, attemptKey: `e2e-call-page-${key}`, notBefore: new Date() },
  ]);
  const callId = created!.id;
  const ids = { workspaceId: operator.workspaceId, callId };
  await moveCall(sql, { ...ids, event: 'claim', at: new Date() });
  await markCallPlaced(sql, { ...ids, vapiCallId: `vapi-e2e-${key}`, vapiStatus: 'queued' });
  const now = new Date().toISOString();
  const vapiCall: VapiCallObject = { id: `vapi-e2e-${key}`, orgId: 'org-e2e', type: 'outboundPhoneCall', status: 'queued', createdAt: now, updatedAt: now, assistantOverrides: { metadata: { callId } } };
  return { callId, vapiCall, campaignId: campaign.campaignId };
}

async function send(message: Record<string, unknown>) {
  const response = await deliverVapiWebhook(`${switchboard.baseUrl}/webhooks/vapi`, HMAC, message);
  expect(response.status).toBe(200);
}

const lines = (page: Page) => page.getByTestId('call-transcript').locator('.transcript-text').allTextContents();

describe('a call’s page', () => {
  it('shows transcript lines as they are said, in order, then the report’s transcript, live without a reload, at 1366 px and 390 px', async () => {
    const { callId, vapiCall } = await placedCall('Austin call page', '+15125550100');
    const answeredAt = Date.now();
    await send(vapiStatusUpdateBody(vapiCall, 'in-progress', { at: new Date(answeredAt) }));
    const page = await signedInPage(browser, { baseUrl: switchboard.baseUrl, email: operator.email, password: TEST_PASSWORD, viewport: DESKTOP });
    await page.goto(`${switchboard.baseUrl}/calls/${callId}`);
    await page.getByRole('heading', { name: /^Call to austin-call-page business 0$/, level: 1 }).waitFor();
    await page.getByTestId('call-status').getByText('In progress').waitFor();
    await page.getByText('The transcript appears here line by line once the call is answered.').waitFor();
    // Marks this document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { samePage: true }));
    // The clock runs in the browser.
    const clock = page.getByTestId('elapsed-timer');
    await clock.getByText('since answered').waitFor();
    const firstTick = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 5_000 }).not.toBe(firstTick);

    const said = (seconds: number) => new Date(answeredAt + seconds * 1000);
    await send(vapiTranscriptBody(vapiCall, { role: 'assistant', transcript: 'Hi, this is Sam from Acme Plumbing.', at: said(1) }));
    await expect.poll(() => lines(page), { timeout: LIVE_UPDATE_TIMEOUT_MS }).toEqual(['Hi, this is Sam from Acme Plumbing.']);
    // A partial and a replay change nothing; a later line overtakes the one said before it.
    await send(vapiTranscriptBody(vapiCall, { role: 'user', transcript: 'Hel', final: false, at: said(3) }));
    await send(vapiTranscriptBody(vapiCall, { role: 'assistant', transcript: 'Hi, this is Sam from Acme Plumbing.', at: said(1) }));
    await send(vapiTranscriptBody(vapiCall, { role: 'assistant', transcript: 'Would Friday morning suit you?', at: said(9) }));
    await send(vapiTranscriptBody(vapiCall, { role: 'user', transcript: 'Hello, yes?', at: said(4) }));
    await expect
      .poll(() => lines(page), { timeout: LIVE_UPDATE_TIMEOUT_MS })
      .toEqual(['Hi, this is Sam from Acme Plumbing.', 'Hello, yes?', 'Would Friday morning suit you?']);
    await expect.poll(() => page.getByTestId('call-transcript').locator('.transcript-time').allTextContents()).toEqual(['0:01', '0:04', '0:09']);
    expect(await page.evaluate(() => (window as { samePage?: boolean }).samePage)).toBe(true);

    // The phone layout while the call is live.
    const phone = await browser.newPage({ viewport: PHONE, storageState: await page.context().storageState() });
    await phone.goto(`${switchboard.baseUrl}/calls/${callId}`);
    await phone.getByTestId('call-transcript').waitFor();
    const phoneProblems = await layoutProblems(phone);
    if (phoneProblems.length > 0) await screenshotFor(phone, 'call-page-390');
    expect(phoneProblems).toEqual([]);
    await phone.close();

    // The call ends: the report's transcript replaces the live lines, with its outcome and cost.
    await send(vapiEndOfCallReportBody(vapiCall, {
      endedReason: 'customer-ended-call', durationSeconds: 12, cost: 0.0421, summary: 'Agreed to a visit on Friday morning.',
      transcript: 'AI: Hi, this is Sam from Acme Plumbing.\nUser: Hello, yes?\nAI: Would Friday morning suit you?\nUser: Friday works.', structuredData: { visitDay: 'friday' },
      startedAt: new Date(answeredAt), endedAt: said(12),
    }, said(13)));
    await page.getByTestId('call-status').getByText('Completed').waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await page.locator('[data-testid="call-transcript"][data-source="report"]').waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    expect(await lines(page)).toEqual(['Hi, this is Sam from Acme Plumbing.', 'Hello, yes?', 'Would Friday morning suit you?', 'Friday works.']);
    await page.getByText('Agreed to a visit on Friday morning.').waitFor();
    await page.getByText('The person called hung up.').waitFor();
    await page.getByText('$0.0421').waitFor();
    await page.getByText('Vapi reported no recording for this call.').waitFor();
    // A line that straggles in after the report changes nothing.
    await send(vapiTranscriptBody(vapiCall, { role: 'user', transcript: 'Bye now.', at: said(11) }));
    await expect.poll(async () => (await sql`select count(*)::int as n from call_webhook_events where processed_at is null`)[0]!.n, { timeout: LIVE_UPDATE_TIMEOUT_MS }).toBe(0);
    expect(await lines(page)).not.toContain('Bye now.');
    expect(await page.evaluate(() => (window as { samePage?: boolean }).samePage)).toBe(true);
    const desktopProblems = await layoutProblems(page);
    if (desktopProblems.length > 0) await screenshotFor(page, 'call-page-1366');
    expect(desktopProblems).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('a campaign’s page', () => {
  it('shows the call budget pause as soon as the report whose cost reaches the budget is applied, without a reload', async () => {
    const { vapiCall, campaignId } = await placedCall('Austin budget', '+15125550101');
    await sql`update campaigns set status = 'active', call_budget_usd = 1 where id = ${campaignId}`;
    const page = await signedInPage(browser, { baseUrl: switchboard.baseUrl, email: operator.email, password: TEST_PASSWORD, viewport: DESKTOP });
    await page.goto(`${switchboard.baseUrl}/campaigns/${campaignId}`);
    const heading = page.getByRole('heading', { name: /^Austin budget/, level: 1 });
    await heading.getByText('Active').waitFor();
    await page.getByRole('link', { name: 'Pause', exact: true }).waitFor();
    expect(await page.getByTestId('call-budget-notice').count()).toBe(0);
    await page.evaluate(() => Object.assign(window, { samePage: true }));

    await send(vapiEndOfCallReportBody(vapiCall, { endedReason: 'customer-ended-call', durationSeconds: 30, cost: 1.25 }));
    await page
      .getByTestId('call-budget-notice')
      .getByText('Campaign paused: its call budget of $1.00 is reached ($1.25 spent).', { exact: false })
      .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await heading.getByText('Paused').waitFor();
    // The status buttons follow the new status: resuming is offered, pausing no longer.
    await page.getByRole('link', { name: 'Activate', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Pause', exact: true }).count()).toBe(0);
    expect(await page.evaluate(() => (window as { samePage?: boolean }).samePage)).toBe(true);
    await page.close();
  });
});
