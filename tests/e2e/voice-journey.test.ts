import { createSql, type Sql } from '@switchboard/db';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../accounts.ts';
import { outreachCampaign, type OutreachCampaign } from '../outreach-campaign.ts';
import { launchBrowser } from './browser.ts';
import { layoutProblems, screenshotFor } from './overflow.ts';
import { startSwitchboard, type RunningSwitchboard } from './server.ts';
import { signedInPage } from './sign-in.ts';

// The voice journey against the real web server and worker, with the sandbox caller placing the calls
// (no Vapi key): call settings saved in the form, calls queued after a confirmation that says how many,
// the campaign activated, the calls moving across the board without a reload, then the campaign paused.

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const LEADS = 4;

let switchboard: RunningSwitchboard;
let browser: Browser;
let sql: Sql;
let admin: TestMember;
let campaign: OutreachCampaign;

beforeAll(async () => {
  [switchboard, browser] = await Promise.all([
    // The sandbox caller runs when both processes share its webhook secret; at a tenth of real time a call lasts a few seconds.
    startSwitchboard({ env: { SANDBOX_CALL_WEBHOOK_SECRET: 'e2e-sandbox-call-webhook-secret', SANDBOX_CALL_TIME_SCALE: '0.1' } }),
    launchBrowser(),
  ]);
  sql = createSql(switchboard.databaseUrl, { applicationName: 'e2e-voice-journey', max: 2 });
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceName: 'Acme' });
  // Approved leads with phone numbers: what discovery and review would have left.
  campaign = await outreachCampaign(sql, admin, 'Austin plumbers calls', LEADS);
  const approved = [...campaign.approvedWithEmail, ...campaign.approvedWithoutEmail];
  for (const [index, leadId] of approved.entries()) await sql`update leads set phone = ${`+1512555020${index}`} where id = ${leadId}`;
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await switchboard?.stop();
});

describe('voice campaign journey', () => {
  it('queues calls from the campaign’s call board, watches them move live as the sandbox caller places them, and pauses the campaign, at 1366 px and usable at 390 px', async () => {
    const page = await signedInPage(browser, switchboard.baseUrl, admin, DESKTOP);

    // The Calls entry of the navigation opens the workspace's board; the campaign page links to its own.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calls' }).click();
    await page.getByRole('heading', { name: 'Calls', level: 1 }).waitFor();
    await page.getByTestId('no-active-calls').waitFor();
    await page.goto(`${switchboard.baseUrl}/campaigns/${campaign.campaignId}`);
    await page.getByRole('region', { name: 'Discovery' }).getByRole('link', { name: 'Calls', exact: true }).click();
    await page.getByRole('heading', { name: /^Calls · Austin plumbers calls/, level: 1 }).waitFor();
    expect(new URL(page.url()).searchParams.get('campaign')).toBe(campaign.campaignId);

    // With no Vapi key the sandbox caller places the calls: it needs no assistant, and the form says so.
    await page.getByText('The sandbox caller needs none (it plays its own script)', { exact: false }).waitFor();
    // Call settings: an assistant, one attempt, and a window open every hour of every day so the calls go out now.
    await page.getByLabel('Vapi assistant id').fill('asst-e2e');
    await page.getByLabel('Attempts per lead').fill('1');
    await page.getByLabel('Minutes between attempts').fill('1');
    for (const day of ['Sat', 'Sun']) await page.getByRole('checkbox', { name: day }).check();
    await page.getByLabel('From hour').fill('0');
    await page.getByLabel('Until hour').fill('24');
    await page.getByRole('button', { name: 'Save call settings' }).click();
    await page.getByTestId('board-notice').getByText('Call settings saved.').waitFor();

    // Queue: the confirmation says how many leads will be called, and that a draft campaign's calls wait.
    await page.getByRole('link', { name: 'Queue calls' }).click();
    const confirmation = page.getByRole('alertdialog');
    await confirmation.getByText(`Queue calls to ${LEADS} approved leads of “Austin plumbers calls”?`).waitFor();
    await confirmation.getByText('The campaign is not active: the calls wait in the queue until you activate it.').waitFor();
    await confirmation.getByText('The sandbox caller simulates them: nobody is phoned and nothing is charged.', { exact: false }).waitFor();
    await screenshotFor(page, 'voice-journey-confirm-1366');
    // Count the board's data reloads: the action's own, then the one the queued calls' live event asks for.
    let boardReloads = 0;
    const countReload = (response: Response) => {
      if (response.request().method() === 'GET' && new URL(response.url()).pathname === '/calls.data') boardReloads += 1;
    };
    page.on('response', countReload);
    await confirmation.getByRole('button', { name: `Queue ${LEADS} calls` }).click();
    await page.getByTestId('board-notice').getByText(`Queued ${LEADS} calls. They wait until the campaign is active.`).waitFor();
    // The notice outlives the live reload (Remix drops an action's result on every reload).
    await expect.poll(() => boardReloads, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('board-notice').textContent()).toBe(`Queued ${LEADS} calls. They wait until the campaign is active.`);
    page.off('response', countReload);
    await page.getByTestId('queue-depth').getByText(String(LEADS), { exact: true }).waitFor();
    expect(await page.getByTestId('queued-calls').locator('tbody tr').count()).toBe(LEADS);

    // Activate: the worker's scheduler places the calls under the cap; from here nothing reloads the page.
    await page.getByRole('link', { name: 'Activate campaign' }).click();
    await page.getByRole('alertdialog').getByText(`${LEADS} queued calls are then placed under the concurrency cap`, { exact: false }).waitFor();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Activate' }).click();
    await page.waitForURL((url) => !url.searchParams.has('confirm'));
    await page.getByRole('button', { name: 'Pause campaign' }).waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });

    // Live: calls show up as dialing, ringing or in progress, each with a ticking clock, then end as outcomes.
    const active = page.getByTestId('active-calls');
    await active.getByText(/^(Dialing|Ringing|In progress)$/).first().waitFor({ timeout: 30_000 });
    // The clock runs on while a call is live (a no answer rings for seconds; only busy or failed lines end sooner);
    // read over the whole table, as a short call may end while we look at its row.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="active-calls"] tbody td:last-child')].some((cell) => /^\d+:\d\d$/.test(cell.textContent ?? '') && cell.textContent !== '0:00'), null, { timeout: 30_000 });
    await screenshotFor(page, 'voice-journey-live-1366');
    const recent = page.getByTestId('recent-calls');
    await expect.poll(() => recent.locator('tbody tr').count(), { timeout: 60_000 }).toBe(LEADS);
    await page.getByTestId('no-active-calls').waitFor();
    await page.getByTestId('no-queued-calls').waitFor();
    await page.getByTestId('slots').getByText(/^0 \/ \d+$/).waitFor();
    expect(navigations).toEqual([]);
    const outcomes = await recent.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(outcomes.every((outcome) => ['Completed', 'No answer', 'Busy', 'Voicemail', 'Failed'].includes(outcome))).toBe(true);
    await screenshotFor(page, 'voice-journey-outcomes-1366');
    expect(await layoutProblems(page), 'the campaign call board at 1366 px').toEqual([]);

    // A finished call's row opens its page (an answered one when there is one: it has a transcript):
    // its outcome, cost, the sandbox's missing recording said as such, and the transcript.
    const rows = recent.locator('tbody tr');
    const answeredRow = rows.filter({ has: page.locator('td:nth-child(2)', { hasText: /^Completed$/ }) });
    const finished = ((await answeredRow.count()) > 0 ? answeredRow : rows).first().getByRole('link').first();
    const href = await finished.getAttribute('href');
    expect(href).toMatch(/^\/calls\/[0-9a-f-]{36}$/);
    const answered = (await answeredRow.count()) > 0;
    await finished.click();
    await page.waitForURL((url) => url.pathname === href);
    await page.getByRole('heading', { name: 'Transcript', level: 2 }).waitFor();
    await page.getByText('No recording: this was a sandbox call, so nothing was recorded.').waitFor();
    if (answered) expect(await page.getByTestId('call-transcript').locator('li').count()).toBeGreaterThan(0);
    expect(await layoutProblems(page), 'a finished call at 1366 px').toEqual([]);
    await page.goBack();
    await page.getByTestId('recent-calls').waitFor();

    // Pause: the board says so, and offers to resume.
    await page.getByRole('button', { name: 'Pause campaign' }).click();
    await page.getByRole('heading', { level: 1 }).getByText('Paused').waitFor();
    await page.getByRole('link', { name: 'Resume campaign' }).waitFor();
    await page.close();

    // The boards on a phone: nothing sticks out of its card and nothing scrolls sideways.
    const phone = await signedInPage(browser, switchboard.baseUrl, admin, PHONE);
    for (const path of ['/calls', `/calls?campaign=${campaign.campaignId}`]) {
      await phone.goto(`${switchboard.baseUrl}${path}`);
      await phone.getByTestId('recent-calls').waitFor();
      await screenshotFor(phone, `voice-journey-390${path.replace(/[/?=]/g, '-')}`);
      expect(await layoutProblems(phone), `${path} at 390 px`).toEqual([]);
      // A campaign's outcomes fit the phone's width: outcome, duration and cost in view without scrolling the table sideways
      // (the workspace's board adds a campaign column, and scrolls inside its card).
      if (path.includes('campaign=')) expect(await phone.getByTestId('recent-calls').evaluate((table) => table.scrollWidth <= table.parentElement!.clientWidth), `${path}: the outcomes fit at 390 px`).toBe(true);
    }
    await phone.close();
  }, 180_000);
});
