import { outsideSendWindowReason } from '@switchboard/core';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createUnsubscribeToken, deriveUnsubscribeKey } from '@switchboard/core/suppression';
import { addLeadMessage, addSuppression, claimDiscoveryTask, createCampaign, createDiscoveryRun, createMailbox, createPublisher, createSends, createSql, deferSend, enrolApprovedLeads, finishDiscoveryTask, mergeLeadCandidates, transitionLeads, setCampaignMailboxes, setCampaignStatus, stopLeadEnrolments, setMailboxStatus, suppressedAddresses, type Sql } from '@switchboard/db';
import { seedLeadHealth } from '@switchboard/db/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, TEST_PASSWORD, type TestMember } from '../accounts.ts';
import { outreachCampaign, outreachMailbox } from '../outreach-campaign.ts';
import { launchBrowser } from './browser.ts';
import { layoutProblems, screenshotFor } from './overflow.ts';
import { startSwitchboard, type RunningSwitchboard } from './server.ts';

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const MAIN_PAGES = ['/campaigns', '/mailboxes', '/leads', '/analytics', '/calls', '/inbox', '/health', '/leads/review', '/leads/import', '/suppressions', '/system', '/jobs', '/admin/members', '/admin/allowlist', '/admin/keys', '/admin/settings', '/admin/audit', '/admin/tokens'];

let switchboard: RunningSwitchboard;
let browser: Browser;
let sql: Sql;
let admin: TestMember;
let campaignId: string;
let outreachCampaignId: string;
let outreachLeadIds: string[];
let longNameLeadId: string;

/** A finished run whose site visits failed the way real ones do: long URLs and long reasons. */
async function campaignWithFailedDiscovery(): Promise<string> {
  const campaign = await createCampaign(sql, {
    workspaceId: admin.workspaceId,
    name: 'Austin plumbers',
    timeZone: 'America/Chicago',
    target: { queries: ['emergency plumber', 'water heater repair'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['search', 'places'] },
    createdBy: admin.userId,
  });
  const sites = [
    'https://www.austin-emergency-plumbing-and-drain-cleaning-specialists.example.com/services/water-heaters/tankless-installation?utm_source=search',
    'https://reliable-round-rock-rooter.example.net/contact-us/request-a-free-estimate-today',
    'https://pflugerville-pipe-doctors.example.org/',
    // Listing links carry long ids with nowhere to break a line.
    'https://maps.example.com/place?cid=ChIJN1t_tDeuEmsRUsoyG83frY4ChIJN1t_tDeuEmsRUsoyG83frY4ChIJN1t_tDeuEmsRUsoyG83frY4ChIJN1t_tDeuEmsR',
  ];
  const { taskIds } = await createDiscoveryRun(sql, {
    workspaceId: admin.workspaceId,
    campaignId: campaign.id,
    startedBy: admin.userId,
    tasks: [
      { kind: 'search', input: { query: 'emergency plumber', location: 'Austin, TX', page: 1 }, dedupeKey: 'emergency plumber|austin|1' },
      ...sites.map((url) => ({ kind: 'scrape' as const, input: { url }, dedupeKey: new URL(url).hostname })),
    ],
  });
  const reasons = [
    'search quota exhausted: the provider answered 429 Too Many Requests and no retry is left for today',
    'page.goto: net::ERR_NAME_NOT_RESOLVED at https://www.austin-emergency-plumbing-and-drain-cleaning-specialists.example.com/services/water-heaters/tankless-installation?utm_source=search',
    'timeout: the site did not answer in 20 s',
    'refused: robots.txt disallows /',
    'unreachable: net::ERR_CERT_COMMON_NAME_INVALID_FOR_maps.example.com_ChIJN1t_tDeuEmsRUsoyG83frY4ChIJN1t_tDeuEmsRUsoyG83frY4ChIJN1t',
  ];
  for (const [index, taskId] of taskIds.entries()) {
    await claimDiscoveryTask(sql, admin.workspaceId, taskId);
    await finishDiscoveryTask(sql, admin.workspaceId, taskId, { status: 'failed', reason: reasons[index] ?? 'failed' });
  }
  return campaign.id;
}

beforeAll(async () => {
  [switchboard, browser] = await Promise.all([startSwitchboard(), launchBrowser()]);
  sql = createSql(switchboard.databaseUrl, { applicationName: 'e2e-layout', max: 2 });
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceName: 'Acme' });
  campaignId = await campaignWithFailedDiscovery();
  // Long addresses and reasons with nowhere to break a line, as imports bring them.
  await addSuppression(sql, {
    workspaceId: admin.workspaceId,
    kind: 'email',
    value: 'accounts-payable.department.notifications-noreply@subsidiary-holdings-international.example.com',
    source: 'import',
    reason: 'imported-from-the-previous-tool-export-file-without-any-spaces-in-the-reason-column-at-all',
    createdBy: admin.userId,
  });
  await addSuppression(sql, { workspaceId: admin.workspaceId, kind: 'domain', value: 'globex.example', source: 'manual', createdBy: admin.userId });
  await mailboxesWithLongWords();
  // A business name from an imported list, with a word longer than a phone is wide.
  const { leads } = await mergeLeadCandidates(sql, {
    workspaceId: admin.workspaceId,
    campaignId: null,
    candidates: [
      {
        name: 'Maple Accountants — supercalifragilisticexpialidociousnessandmoreandmoreandmore',
        // A website with a port and a long path: the facts list has nowhere to break it but anywhere.
        website: 'http://maple-accountants-and-bookkeeping.sandbox.localhost:32859/services/small-business-payroll',
        city: 'Austin',
        country: 'US',
        source: { kind: 'import', ref: 'import:layout.csv#row2', evidence: {} },
      },
    ],
  });
  longNameLeadId = leads[0]!.leadId;
  await transitionLeads(sql, { workspaceId: admin.workspaceId, event: 'queue_for_review', target: { ids: [longNameLeadId] }, changedBy: admin.userId });
  // A campaign ready to start, so the outreach page shows previews, the board and the confirmation.
  const ready = await outreachCampaign(sql, admin, 'Austin outreach with a long campaign name for the breadcrumb');
  outreachCampaignId = ready.campaignId;
  outreachLeadIds = ready.approvedWithEmail;
  await setCampaignMailboxes(sql, admin.workspaceId, outreachCampaignId, [await outreachMailbox(sql, admin)]);
  // A reply whose sender and subject have nowhere to break a line, so the inbox table has to scroll on a phone.
  await addLeadMessage(sql, {
    workspaceId: admin.workspaceId,
    leadId: outreachLeadIds[1]!,
    sendId: null,
    direction: 'inbound',
    kind: 'reply',
    fromAddress: 'accounts-payable.department.notifications@subsidiary-holdings-international.example.com',
    subject: 'Re:-quarterly-maintenance-contract-for-the-emergency-plumbing-and-drain-cleaning-services',
    text: 'Sounds good, send the details.',
    receivedAt: new Date(),
    providerEventId: 'layout-reply-1',
  });
  // Reasons with nowhere to break a line, so the health table has to scroll on a phone.
  const reasons = ['4-emails-and-2-calls-since-the-last-reply-from-accounts-payable.department@subsidiary-holdings-international.example.com', 'No reply in 21 days.'];
  await seedLeadHealth(sql, { workspaceId: admin.workspaceId, at: new Date(), rows: outreachLeadIds.map((leadId, index) => ({ leadId, score: 20 + index, status: 'critical', reasons, touches: 6, lastResponseAt: new Date() })) });
});

/** Mailboxes whose address, reason and provider note are long, so the table has to scroll on a phone. */
async function mailboxesWithLongWords(): Promise<void> {
  const settings = { provider: 'resend' as const, limitPerMinute: 1, limitPerHour: 5, limitPerDay: 20, signature: '', sendDays: [1, 2, 3, 4, 5], sendStartMinute: 540, sendEndMinute: 1020 };
  await createMailbox(sql, { ...settings, workspaceId: admin.workspaceId, fromName: 'Ann at Acme', fromAddress: 'ann@acme.test', postalAddress: '1 Main St, Austin TX', createdBy: admin.userId });
  const paused = await createMailbox(sql, {
    ...settings,
    workspaceId: admin.workspaceId,
    fromName: 'Austin Emergency Plumbing and Drain Cleaning Specialists',
    fromAddress: 'outreach-team-for-emergency-plumbing@austin-emergency-plumbing-and-drain-cleaning.example.com',
    postalAddress: null,
    createdBy: admin.userId,
  });
  await setMailboxStatus(sql, admin.workspaceId, paused!.id, { from: ['active'], to: 'paused', reason: 'Hard bounces reached 3.5 % of the last 200 sends (over 2 %): check the list before resuming', by: null });
}

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await switchboard?.stop();
});

async function signedInPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(10_000);
  await page.goto(`${switchboard.baseUrl}/campaigns`);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  return page;
}

/**
 * Times a page shows that a reader could take for their own clock: a time of day not named as UTC,
 * or a date in the browser's locale format (what toLocaleString printed before every time went through <UtcTime>).
 */
async function timesWithoutZone(page: Page): Promise<string[]> {
  const times = await page.locator('time').allInnerTexts();
  const text = await page.locator('body').innerText();
  return [...times.filter((time) => /\d:\d\d/.test(time) && !time.endsWith(' UTC')), ...(text.match(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/g) ?? [])];
}

describe('layout', () => {
  it('keeps the unsubscribe page inside a phone, and its button unsubscribes with JavaScript on', async () => {
    const email = 'a.very.long.recipient.address.with.many.dots@subsidiary-holdings-international.example.com';
    const key = deriveUnsubscribeKey(deriveMasterKey('e2e-master-secret-that-is-long-enough'));
    const page = await browser.newPage({ viewport: PHONE });
    page.setDefaultTimeout(10_000);
    await page.goto(`${switchboard.baseUrl}/u/${createUnsubscribeToken(key, { workspaceId: admin.workspaceId, email })}`);
    await page.getByText(email).waitFor();
    expect(await layoutProblems(page), 'confirmation at 390 px').toEqual([]);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    expect(await layoutProblems(page), 'done at 390 px').toEqual([]);
    expect(await suppressedAddresses(sql, admin.workspaceId, [email])).toEqual(new Set([email]));
    await page.close();
  }, 60_000);

  it('keeps the campaign page with failed discovery tasks inside its cards, at 1366 and at 390 px', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await signedInPage(viewport);
      await page.goto(`${switchboard.baseUrl}/campaigns/${campaignId}`);
      await page.getByText('5 failed tasks').waitFor();
      await page.getByText('net::ERR_NAME_NOT_RESOLVED').first().waitFor();
      // Still a draft after discovery: the page says what Activate changes.
      await page.getByTestId('draft-hint').getByText('discovery runs either way').waitFor();
      await screenshotFor(page, `campaign-${viewport.width}`);
      expect(await layoutProblems(page), `at ${viewport.width} px`).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it('keeps the campaign outreach page (editor, previews, board and start confirmation) inside its cards, at 1366 and at 390 px', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await signedInPage(viewport);
      await page.goto(`${switchboard.baseUrl}/campaigns/${outreachCampaignId}/outreach?confirm=start`);
      await page.getByRole('heading', { name: 'Outreach', level: 1 }).waitFor();
      await page.getByText(/Send 2 first emails from 1 mailbox over about/).waitFor();
      await page.getByTestId('outreach-board').waitFor();
      // Numbered as the sequence editor numbers steps, on one line even on a phone ("follow-up-1" not broken at its hyphens).
      const step = page.getByTestId('board-first-email').getByRole('cell').first();
      expect(await step.innerText()).toBe('Step 1 · first-email');
      // One line is about 1.2 font sizes tall, two about 2.4.
      const height = await step.locator('.nowrap').evaluate((label) => label.getBoundingClientRect().height / parseFloat(getComputedStyle(label).fontSize));
      expect(height).toBeLessThan(2);
      await screenshotFor(page, `campaign-outreach-${viewport.width}`);
      expect(await layoutProblems(page), `at ${viewport.width} px`).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it('starts outreach from the confirmation and shows a stopped enrolment on the board without a reload', async () => {
    const page = await signedInPage(DESKTOP);
    await page.goto(`${switchboard.baseUrl}/campaigns/${outreachCampaignId}/outreach?confirm=start`);
    await page.getByRole('button', { name: 'Start: 2 leads' }).click();
    const counts = page.getByTestId('enrolment-counts');
    await counts.getByText('2 active').waitFor();
    await stopLeadEnrolments(sql, { workspaceId: admin.workspaceId, leadIds: [outreachLeadIds[0]!], reason: 'replied' });
    await createPublisher(sql)(admin.workspaceId, 'outreach.changed', { campaignId: outreachCampaignId });
    await counts.getByText('1 stopped').waitFor();
    await page.getByText('The lead replied: 1').waitFor();
    await page.close();
  }, 60_000);

  it('lines up a fieldset with the fields beside it, and a select with the inputs in its row; a keyboard skips the menu in one Tab', async () => {
    const page = await signedInPage(DESKTOP);
    await page.goto(`${switchboard.baseUrl}/campaigns`);
    // The browser's own legend padding and checkbox margin set "Sources" and its boxes right of the hint under them.
    const sources = await page.getByRole('group', { name: 'Sources' }).evaluate((fieldset) => {
      const left = (selector: string) => Math.round(fieldset.querySelector(selector)!.getBoundingClientRect().left);
      return { fieldset: Math.round(fieldset.getBoundingClientRect().left), legend: left('legend'), box: left('input[type=checkbox]'), hint: left('.field-hint') };
    });
    expect(sources).toEqual({ fieldset: sources.fieldset, legend: sources.fieldset, box: sources.fieldset, hint: sources.fieldset });
    await page.goto(`${switchboard.baseUrl}/leads`);
    const boxes = await Promise.all([page.getByLabel('Search', { exact: true }), page.getByLabel('Status', { exact: true })].map((field) => field.boundingBox()));
    expect(boxes.map((box) => [box?.y, box?.height])).toEqual([[boxes[0]?.y, boxes[0]?.height], [boxes[0]?.y, boxes[0]?.height]]);
    // A long campaign name does not make its filter as wide as the row (20rem of the 15px root size at most).
    expect((await page.getByLabel('Campaign', { exact: true }).boundingBox())?.width).toBeLessThanOrEqual(300);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((link) => link === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
    await page.close();
  }, 60_000);

  it('stacks a campaign\'s actions under its title on a phone instead of squeezing the title a word a line', async () => {
    const page = await signedInPage(PHONE);
    await page.goto(`${switchboard.baseUrl}/campaigns/${outreachCampaignId}`);
    const title = await page.getByRole('heading', { level: 1 }).boundingBox();
    const actions = await page.locator('.page-header .header-actions').first().boundingBox();
    expect(actions!.y).toBeGreaterThanOrEqual(title!.y + title!.height);
    expect(await layoutProblems(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('says why an address is refused under its field, and empties the form once one is suppressed', async () => {
    const page = await signedInPage(PHONE);
    await page.goto(`${switchboard.baseUrl}/suppressions`);
    const value = page.getByLabel('Email or domain');
    await value.fill('not an address');
    await page.getByRole('button', { name: 'Suppress', exact: true }).click();
    await page.locator('#suppression-value-error').getByText('has a space in it').waitFor();
    expect(await value.getAttribute('aria-describedby')).toBe('suppression-value-error');
    expect(await layoutProblems(page)).toEqual([]);
    await value.fill('stop-layout@acme.test');
    await page.getByRole('button', { name: 'Suppress', exact: true }).click();
    await page.getByRole('status').getByText('stop-layout@acme.test will get no more emails.').waitFor();
    expect(await value.inputValue()).toBe('');
    expect(await value.getAttribute('aria-invalid')).toBeNull();
    await page.close();
  }, 60_000);

  it('keeps each time in a table on one line on a phone (the audit log\'s time column)', async () => {
    const page = await signedInPage(PHONE);
    await page.goto(`${switchboard.baseUrl}/admin/audit`);
    const times = page.locator('.table time');
    await times.first().waitFor();
    const lines = await times.evaluateAll((elements) => elements.map((element) => element.getClientRects().length));
    expect(Math.max(...lines)).toBe(1);
    expect(await layoutProblems(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('keeps columns of addresses readable on a phone: the table scrolls instead of squeezing them to a letter a line', async () => {
    const page = await signedInPage(PHONE);
    await page.goto(`${switchboard.baseUrl}/campaigns/${outreachCampaignId}/outreach`);
    const cells = page.getByTestId('enrolled-leads').locator('td.break-anywhere');
    await cells.first().waitFor();
    const widths = await cells.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().width));
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(150);
    expect(await layoutProblems(page)).toEqual([]);
    // Names of leads and campaigns too (the campaigns list, the inbox): wrapped at 10rem, not a word a line.
    for (const path of ['/campaigns', '/inbox']) {
      await page.goto(`${switchboard.baseUrl}${path}`);
      const names = page.locator('main td.name-cell');
      await names.first().waitFor();
      const nameWidths = await names.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().width));
      expect(Math.min(...nameWidths), path).toBeGreaterThanOrEqual(150);
    }
    await page.close();
  }, 60_000);

  it('shows a reply in the inbox without a reload when the worker says one was stored', async () => {
    const page = await signedInPage(DESKTOP);
    // The page reloads its data once its socket connects: after that, only the live event can bring the new row.
    const connected = page.waitForResponse((response) => new URL(response.url()).pathname === '/inbox.data');
    await page.goto(`${switchboard.baseUrl}/inbox`);
    await page.getByTestId('inbox-table').waitFor();
    await connected;
    const stored = await addLeadMessage(sql, {
      workspaceId: admin.workspaceId,
      leadId: outreachLeadIds[0]!,
      sendId: null,
      direction: 'inbound',
      kind: 'out_of_office',
      fromAddress: 'away@austin-outreach.example',
      subject: 'Away this week',
      text: 'Back on Monday.',
      receivedAt: new Date(),
      providerEventId: 'layout-live-1',
    });
    await createPublisher(sql)(admin.workspaceId, 'inbox.message', { messageId: stored!.id, leadId: outreachLeadIds[0]! });
    const row = page.getByRole('row', { name: /Away this week/ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('Out-of-office reply');
    await page.close();
  }, 60_000);

  it('shows refreshed health scores without a reload when the worker says a refresh finished', async () => {
    const page = await signedInPage(DESKTOP);
    // The page reloads its data once its socket connects: after that, only the live event can bring the new score.
    const connected = page.waitForResponse((response) => new URL(response.url()).pathname === '/health.data');
    await page.goto(`${switchboard.baseUrl}/health`);
    await page.getByTestId('health-table').waitFor();
    await connected;
    await seedLeadHealth(sql, { workspaceId: admin.workspaceId, at: new Date(), rows: [{ leadId: outreachLeadIds[0]!, score: 97, status: 'healthy', reasons: ['Replied today.'] }] });
    await createPublisher(sql)(admin.workspaceId, 'health.changed', { scored: 1 });
    const row = page.getByRole('row', { name: /Replied today\./ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toContain('97');
    await page.close();
  }, 60_000);

  it('shows a campaign paused in another browser on its page and the Campaigns list without a reload, keeping what is typed there', async () => {
    const campaign = await createCampaign(sql, {
      workspaceId: admin.workspaceId,
      name: 'Watched from two browsers',
      timeZone: 'America/Chicago',
      target: { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['search'] },
      createdBy: admin.userId,
    });
    await setCampaignStatus(sql, admin.workspaceId, campaign.id, { from: ['draft'], to: 'active', by: admin.userId });
    // All signed in first: a new sign-in re-checks the user's open sockets, which would reload the watching pages anyway.
    const [watching, listing, pausing] = [await signedInPage(DESKTOP), await signedInPage(DESKTOP), await signedInPage(DESKTOP)];
    // A page reloads its data once its socket connects: after that, only the live event can bring the new status.
    const connected = watching.waitForResponse((response) => new URL(response.url()).pathname === `/campaigns/${campaign.id}.data`);
    const listConnected = listing.waitForResponse((response) => new URL(response.url()).pathname === '/campaigns.data');
    await watching.goto(`${switchboard.baseUrl}/campaigns/${campaign.id}`);
    await listing.goto(`${switchboard.baseUrl}/campaigns`);
    const heading = watching.getByRole('heading', { level: 1 });
    await heading.getByText('Active', { exact: true }).waitFor();
    const listed = listing.getByTestId('campaigns-table').getByRole('row').filter({ hasText: 'Watched from two browsers' });
    await listed.getByText('Active', { exact: true }).waitFor();
    // Someone is filling in a new campaign on the list while it reloads.
    const newName = listing.getByRole('region', { name: 'New campaign' }).getByLabel('Name', { exact: true });
    await newName.fill('Half-typed Dallas roofers');
    await Promise.all([connected, listConnected]);
    await pausing.goto(`${switchboard.baseUrl}/campaigns/${campaign.id}?confirm=pause`);
    await pausing.getByRole('button', { name: 'Pause', exact: true }).click();
    await pausing.getByRole('heading', { level: 1 }).getByText('Paused', { exact: true }).waitFor();
    await heading.getByText('Paused', { exact: true }).waitFor();
    await listed.getByText('Paused', { exact: true }).waitFor();
    expect(await newName.inputValue()).toBe('Half-typed Dallas roofers');
    await Promise.all([watching.close(), listing.close(), pausing.close()]);
  }, 60_000);

  it('keeps a lead with a long unbroken name, and a refused filter with its message, inside a phone', async () => {
    const page = await signedInPage(PHONE);
    for (const path of [`/leads/${longNameLeadId}`, '/leads/review?q=supercalifragilistic']) {
      await page.goto(`${switchboard.baseUrl}${path}`);
      await page.getByText('supercalifragilistic').first().waitFor();
      expect(await layoutProblems(page), path).toEqual([]);
    }
    await page.goto(`${switchboard.baseUrl}/leads?status=nope`);
    await page.getByText('That is not a lead status.').waitFor();
    expect(await layoutProblems(page), 'a refused status').toEqual([]);
    await page.close();
  }, 60_000);

  it('labels a reply the sandbox recipient wrote “Sandbox” in the inbox, on its lead and on its own page, inside a phone', async () => {
    const leadId = outreachLeadIds[1]!;
    const simulated = await addLeadMessage(sql, {
      workspaceId: admin.workspaceId, leadId, sendId: null, direction: 'inbound', kind: 'out_of_office', fromAddress: 'owner1@austin-outreach-with-a-long-campaign-name-for-the-breadcrumb.example',
      subject: '[Sandbox] Automatic reply: Re:-quarterly-maintenance-contract-for-the-emergency-plumbing-services',
      text: `I am out of the office until Monday. ${'With limited access to email. '.repeat(30)}\n\n(Simulated by Switchboard's sandbox recipient: no one wrote this.)`,
      receivedAt: new Date(Date.now() - 60 * 60_000), providerEventId: 'sandbox:layout-send:auto_replied', simulated: true,
    });
    const page = await signedInPage(PHONE);
    await page.goto(`${switchboard.baseUrl}/inbox`);
    const row = page.getByRole('row', { name: /\[Sandbox\] Automatic reply/ });
    await row.getByTestId('sandbox-label').waitFor();
    expect(await row.getByRole('cell').nth(1).innerText()).toMatch(/^Out-of-office reply\s+Sandbox$/);
    // People's replies carry no label.
    expect(await page.getByTestId('sandbox-label').count()).toBe(1);
    await screenshotFor(page, '390-inbox-sandbox');
    expect(await layoutProblems(page), 'inbox at 390 px').toEqual([]);
    await page.goto(`${switchboard.baseUrl}/leads/${leadId}`);
    await page.getByTestId('timeline-message').filter({ hasText: '[Sandbox] Automatic reply' }).getByTestId('sandbox-label').waitFor();
    expect(await layoutProblems(page), 'lead page at 390 px').toEqual([]);
    await page.goto(`${switchboard.baseUrl}/leads/${leadId}/messages/${simulated!.id}`);
    await page.getByRole('heading', { name: /\[Sandbox\] Automatic reply/ }).waitFor();
    expect(await page.locator('main').getByTestId('sandbox-label').isVisible()).toBe(true);
    await screenshotFor(page, '390-lead-message-sandbox');
    expect(await layoutProblems(page), 'message page at 390 px').toEqual([]);
    await page.close();
  }, 60_000);

  it('keeps a lead with many long replies inside the page, and opens one in full from its “Show all” link with the keyboard, at 1366 and 390 px', async () => {
    const leadId = outreachLeadIds.at(-1)!;
    for (let n = 1; n <= 22; n += 1) {
      await addLeadMessage(sql, {
        workspaceId: admin.workspaceId, leadId, sendId: null, direction: 'inbound', kind: 'reply', fromAddress: 'owner@busy-lead.example.org',
        subject: `Re:-pricing-for-a-team-of-four-and-the-terms-for-a-year-${n}`, text: `(${n}) ${'Could you send pricing for a team of four? '.repeat(30)}End of reply ${n}.`,
        receivedAt: new Date(Date.now() - (30 - n) * 60_000), providerEventId: `layout-busy-${n}`,
      });
    }
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await signedInPage(viewport);
      await page.goto(`${switchboard.baseUrl}/leads/${leadId}`);
      await page.getByText(/Showing the latest 20 of \d+ messages/).waitFor();
      expect(await layoutProblems(page), `lead page at ${viewport.width} px`).toEqual([]);
      const showAll = page.getByRole('link', { name: /^Show all of “Re:-pricing-for-a-team-of-four-and-the-terms-for-a-year-22”/ });
      await showAll.focus();
      await page.keyboard.press('Enter');
      await page.getByText('End of reply 22.').waitFor();
      await screenshotFor(page, `${viewport.width}-lead-message`);
      expect(await layoutProblems(page), `message page at ${viewport.width} px`).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it('says on the campaign page and its board why emails wait for the send window, and pages a busy lead’s timeline with “Show older”, at 1366 and 390 px', async () => {
    const { workspaceId } = admin;
    const night = await outreachCampaign(sql, admin, 'Night owls', 3);
    await setCampaignStatus(sql, workspaceId, night.campaignId, { from: ['draft'], to: 'active', by: admin.userId });
    await enrolApprovedLeads(sql, { workspaceId, campaignId: night.campaignId, enrolledBy: admin.userId, firstStepId: 'first-email', startAt: new Date() });
    const enrolments = await sql<{ id: string; leadId: string; email: string }[]>`
      select id, lead_id as "leadId", email from enrolments where campaign_id = ${night.campaignId} and email is not null order by id`;
    const busy = enrolments[0]!;
    // The busy lead: 45 emails over the months (a step each), so its timeline has three pages of sends.
    const planned = (enrolment: (typeof enrolments)[number], stepId: string, notBefore: Date) => ({
      workspaceId, campaignId: night.campaignId, enrolmentId: enrolment.id, leadId: enrolment.leadId, stepId, channel: 'email' as const, stepPosition: 0,
      nextStepId: null, toAddress: enrolment.email, idempotencyKey: `night:${enrolment.id}:${stepId}`, messageId: `<night.${enrolment.id}.${stepId}@acme.test>`, notBefore,
    });
    const sends = await createSends(sql, [
      ...Array.from({ length: 45 }, (_, n) => planned(busy, `step-${n + 1}`, new Date(Date.now() - (60 - n) * 24 * 60 * 60_000))),
      ...enrolments.slice(1).map((enrolment) => planned(enrolment, 'first-email', new Date())),
    ]);
    await sql`update sends set created_at = not_before where campaign_id = ${night.campaignId}`;
    // The dispatcher found the other leads' window closed: their emails wait for 09:00 in their zone.
    const opensAt = new Date(Date.now() + 3 * 60 * 60_000);
    for (const send of sends.slice(45)) await deferSend(sql, { workspaceId, sendId: send.id, notBefore: opensAt, reason: outsideSendWindowReason('America/New_York') });

    for (const viewport of [DESKTOP, PHONE]) {
      const page = await signedInPage(viewport);
      for (const path of [`/campaigns/${night.campaignId}`, `/campaigns/${night.campaignId}/outreach`]) {
        await page.goto(`${switchboard.baseUrl}${path}`);
        await page.getByTestId('send-window-notice').getByText(/^1 email waiting for its recipient’s send window; the next opens at \d\d:\d\d in America\/New_York \(in about 3 hours\)\./).waitFor();
        await screenshotFor(page, `${viewport.width}-send-window${path.endsWith('outreach') ? '-board' : ''}`);
        expect(await layoutProblems(page), `${path} at ${viewport.width} px`).toEqual([]);
      }
      await page.goto(`${switchboard.baseUrl}/leads/${busy.leadId}`);
      await page.getByText('Showing the latest 20 of 45 emails and contact forms.').waitFor();
      expect(await page.getByTestId('timeline-send-step-45').count()).toBe(1);
      await page.getByTestId('timeline-show-older').click();
      await page.getByTestId('timeline-older').getByText('Older entries: 20 emails and contact forms (of 45).').waitFor();
      expect(await page.getByTestId('timeline-send-step-25').count()).toBe(1);
      expect(await page.getByTestId('timeline-send-step-26').count()).toBe(0);
      await page.getByTestId('timeline-show-older').click();
      await page.getByTestId('timeline-older').getByText('Older entries: 5 emails and contact forms (of 45).').waitFor();
      // The oldest send is reached, and nothing is older.
      expect(await page.getByTestId('timeline-send-step-1').count()).toBe(1);
      expect(await page.getByTestId('timeline-show-older').count()).toBe(0);
      await screenshotFor(page, `${viewport.width}-lead-timeline-older`);
      expect(await layoutProblems(page), `older timeline page at ${viewport.width} px`).toEqual([]);
      await page.getByRole('link', { name: 'Back to the newest' }).click();
      await page.getByText('Showing the latest 20 of 45 emails and contact forms.').waitFor();
      await page.close();
    }
  }, 90_000);

  it('keeps the main pages inside their cards, and lets tables scroll inside them on a phone instead of widening the page', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await signedInPage(viewport);
      for (const path of MAIN_PAGES) {
        await page.goto(`${switchboard.baseUrl}${path}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await screenshotFor(page, `${viewport.width}${path.replaceAll('/', '-')}`);
        expect(await layoutProblems(page), `${path} at ${viewport.width} px`).toEqual([]);
        expect(await timesWithoutZone(page), `times on ${path}`).toEqual([]);
      }
      // The audit log lists this sign-in at least: its time is on the UTC clock and says so.
      await page.goto(`${switchboard.baseUrl}/admin/audit`);
      await expect(page.locator('main time').first().innerText()).resolves.toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M UTC$/);
      await page.close();
    }
  }, 120_000);
});
