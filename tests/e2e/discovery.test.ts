import { createPublisher, createSql, mergeLeadCandidates, setSystemConfigValue, transitionLeads, type Sql } from '@switchboard/db';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, TEST_PASSWORD, type TestMember } from '../accounts.ts';
import { launchBrowser } from './browser.ts';
import { startSwitchboard, type RunningSwitchboard } from './server.ts';

const DISCOVERY_TIMEOUT_MS = 120_000;

let switchboard: RunningSwitchboard;
let browser: Browser;
let sql: Sql;
let admin: TestMember;

beforeAll(async () => {
  [switchboard, browser] = await Promise.all([startSwitchboard(), launchBrowser()]);
  sql = createSql(switchboard.databaseUrl, { applicationName: 'e2e-discovery', max: 2 });
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceName: 'Acme' });
  // The sandbox world's deliberately slow sites would hold the run for 15 s each; here they time out fast.
  await setSystemConfigValue(sql, 'scrape_page_timeout_ms', 2_000);
  await setSystemConfigValue(sql, 'scrape_domain_delay_ms', 0);
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await switchboard?.stop();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${switchboard.baseUrl}/campaigns`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
}

async function pendingScoresInAustin(): Promise<number[]> {
  const rows = await sql<{ score: number }[]>`
    select score from leads where workspace_id = ${admin.workspaceId} and status = 'pending_review' and lower(city) = 'austin'
    order by score desc`;
  return rows.map((row) => row.score);
}

describe('lead discovery journey', () => {
  // A whole journey in a real browser: ~10 s on a quiet machine, over 20 s when the suite loads both cores.
  it('create a campaign → start discovery and watch it live → review queue → bulk-approve by filter → audit log', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);

    // 1. A campaign: plumbers in Austin.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByText('No campaigns yet.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Austin plumbers');
    await page.getByLabel('Time zone').fill('America/Chicago');
    await page.getByLabel('Search queries').fill('plumber');
    await page.getByLabel('Locations').fill('Austin');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: 'Austin plumbers', level: 1 }).waitFor();
    await page.getByText('No discovery has run yet.').waitFor();

    // 2. Starting discovery asks first, saying how many tasks it runs.
    await page.getByRole('link', { name: 'Start discovery' }).click();
    const confirmation = page.getByRole('alertdialog');
    await confirmation.getByText('Start discovery for “Austin plumbers”: 2 tasks?').waitFor();
    await confirmation.getByRole('button', { name: 'Start 2 tasks' }).click();
    const progress = page.getByTestId('discovery-progress');
    await progress.waitFor();
    // Every state the counters show is recorded, to see them move in place rather than once per load.
    await page.evaluate(() => {
      const seen = new Set<string>();
      const record = () => seen.add(document.querySelector('[data-testid="progress-tasks"]')?.textContent ?? '');
      record();
      new MutationObserver(record).observe(document.querySelector('[data-testid="discovery-progress"]')!, { subtree: true, childList: true, characterData: true });
      Object.assign(window, { stillTheSamePage: true, progressSeen: seen });
    });

    // 3. Progress arrives live: scrape tasks join as sites are found, and the run finishes, without a reload.
    await page.waitForFunction(() => document.querySelector('[data-testid="discovery-progress"]')?.getAttribute('data-status') === 'done', null, {
      timeout: DISCOVERY_TIMEOUT_MS,
    });
    const tasks = await page.getByTestId('progress-tasks').textContent();
    const [, done, total] = /(\d+) of (\d+) tasks done/.exec(tasks ?? '') ?? [];
    expect(Number(total)).toBeGreaterThan(2);
    expect(done).toBe(total);
    expect(Number(await page.getByTestId('progress-found').textContent())).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { progressSeen: Set<string> }).progressSeen.size)).toBeGreaterThan(2);
    await page.getByTestId('run-history').getByText('done').waitFor();
    const run = await sql<{ status: string; leadsFound: number }[]>`
      select status, leads_found as "leadsFound" from discovery_runs where workspace_id = ${admin.workspaceId}`;
    expect(run).toEqual([{ status: 'done', leadsFound: Number(await page.getByTestId('progress-found').textContent()) }]);

    // 4. The review queue, best first, with the evidence beside each lead.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
    await page.getByRole('navigation', { name: 'Leads' }).getByRole('link', { name: 'Review queue' }).click();
    const scores = await pendingScoresInAustin();
    expect(scores.length).toBeGreaterThan(1);
    expect(Number(await page.getByTestId('review-total').textContent())).toBeGreaterThanOrEqual(scores.length);
    const shownScores = await page.locator('.review-card .score-value').allTextContents();
    expect(shownScores.map(Number)).toEqual([...shownScores.map(Number)].sort((a, b) => b - a));

    // 5. Bulk approval by filter: "all ≥ N in Austin", confirmed with the count.
    // A threshold in the middle of the scores seen, so some leads stay in the queue for step 6.
    const distinct = [...new Set(scores)];
    expect(distinct.length).toBeGreaterThan(1);
    const threshold = distinct[Math.floor((distinct.length - 1) / 2)]!;
    const expected = scores.filter((score) => score >= threshold).length;
    await page.getByLabel('Min score').fill(String(threshold));
    await page.getByLabel('City').fill('Austin');
    await page.getByRole('button', { name: 'Approve all matching…' }).click();
    const leadsWord = expected === 1 ? '1 lead' : `${expected} leads`;
    await page.getByRole('alertdialog').getByText(`Approve ${leadsWord} with score ≥ ${threshold} in Austin?`).waitFor();
    await page.getByRole('alertdialog').getByRole('button', { name: `Approve ${leadsWord}` }).click();
    await page.getByTestId('bulk-done').getByText(`Approved ${leadsWord}.`).waitFor();
    const [approved] = await sql<{ count: number }[]>`
      select count(*)::int as count from leads where workspace_id = ${admin.workspaceId} and status = 'approved'`;
    expect(approved?.count).toBe(expected);

    // 6. Keyboard: r asks why, 2 answers "no contact details"; the lead leaves the queue.
    await page.getByRole('link', { name: 'Clear filters' }).click();
    const firstCard = page.locator('.review-card').first();
    const rejectedName = await firstCard.getAttribute('aria-label');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('r');
    await page.getByRole('group', { name: `Why reject ${rejectedName}?` }).waitFor();
    await page.keyboard.press('2');
    await page.locator('.review-card', { hasText: rejectedName! }).waitFor({ state: 'detached' });
    const [rejected] = await sql<{ status: string; rejectReason: string }[]>`
      select status, reject_reason as "rejectReason" from leads where workspace_id = ${admin.workspaceId} and name = ${rejectedName!}`;
    expect(rejected).toEqual({ status: 'rejected', rejectReason: 'no_contact_details' });

    // 7. The audit log has the campaign, the run, the bulk approval (one summary entry) and the rejection.
    for (const action of ['campaign.create', 'discovery.start', 'lead.bulk_approve', 'lead.reject']) {
      await page.goto(`${switchboard.baseUrl}/admin/audit?action=${action}`);
      await page.getByRole('cell', { name: action, exact: true }).first().waitFor();
      expect(await page.getByRole('cell', { name: action, exact: true }).count()).toBe(1);
    }
    expect(await page.getByRole('row').filter({ hasText: 'lead.reject' }).textContent()).toContain('ada@acme.test');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('uploads a CSV, matches its columns, follows the import live and reports each rejected row with its reasons', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
    await page.goto(`${switchboard.baseUrl}/leads/import`);
    await page.getByText('No imports yet: upload a CSV file above.').waitFor();
    const csv = [
      'Company,Website,Email,City,Country',
      'Bluebonnet Bakery,bluebonnet-bakery.example.com,hello@bluebonnet-bakery.example.com,Austin,US',
      ',https://no-name.example.com,,Austin,US',
      'Broken Mail Co,,not-an-address,Austin,US',
    ].join('\n');
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'bakeries.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload and match columns' }).click();
    await page.getByRole('heading', { name: '2. Match the columns of bakeries.csv' }).waitFor();
    expect(page.url()).toMatch(/\/leads\/import\/[0-9a-f-]{36}$/);
    expect(await page.getByLabel('Business name *').inputValue()).toBe('0');
    expect(await page.getByTestId('import-sample').getByRole('row').count()).toBe(4);
    await page.getByRole('button', { name: 'Import leads' }).click();
    // The worker does the import; the page follows it (progress events) until the report shows, without a reload.
    await page.getByRole('heading', { name: 'Import of bakeries.csv' }).waitFor();
    await page.locator('[data-testid="lead-import"][data-status="finished"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-rows').textContent()).toBe('3');
    expect(await page.getByTestId('import-imported').textContent()).toBe('1');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('2');
    const rejectedRows = page.getByTestId('import-rejected-rows');
    await rejectedRows.getByRole('row', { name: /3 Missing business name/ }).waitFor();
    await rejectedRows.getByRole('row', { name: /4 .*not-an-address/ }).waitFor();
    const download = await page.request.get(await page.getByRole('link', { name: 'Download the rejected rows (CSV)' }).getAttribute('href').then((href) => `${switchboard.baseUrl}${href}`));
    expect((await download.text()).split('\r\n').slice(0, 2)).toEqual(['row,reasons', '3,Missing business name']);

    // Leaving and coming back: the import page lists it with its state.
    await page.getByRole('link', { name: 'Import another file' }).click();
    await page.getByTestId('recent-imports').getByRole('row', { name: /bakeries\.csv finished 3 1 0 2/ }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('works without JavaScript, and answers bad addresses with a 4xx that says why', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signIn(page);
      const badId = await page.goto(`${switchboard.baseUrl}/campaigns/not-a-campaign`);
      expect(badId?.status()).toBe(400);
      await page.getByRole('alert').getByText('That is not a campaign id.').waitFor();
      const missing = await page.goto(`${switchboard.baseUrl}/leads/00000000-0000-4000-8000-000000000000`);
      expect(missing?.status()).toBe(404);
      await page.getByText('That lead does not exist in this workspace.').waitFor();

      // The leads of the tests above (the import's, at least) are here.
      await page.goto(`${switchboard.baseUrl}/leads?city=Austin&sort=name`);
      expect(await page.getByTestId('leads-table').getByRole('row').count()).toBeGreaterThan(1);
      const exported = await context.request.get(`${switchboard.baseUrl}/leads.csv?city=Austin`);
      expect(exported.headers()['content-type']).toContain('text/csv');
      expect((await exported.text()).split('\r\n')[0]).toMatch(/^name,status,score,confidence,website/);

      // Reject everything left in Austin from the server-rendered confirmation, reason included.
      await page.goto(`${switchboard.baseUrl}/leads/review?city=Austin&confirm=reject`);
      const question = await page.getByRole('alertdialog').locator('.confirm-question').textContent();
      expect(question).toMatch(/^Reject \d+ leads? in Austin\?$/);
      await page.getByRole('alertdialog').getByLabel('Reject reason').selectOption('outside_target_area');
      await page.getByRole('alertdialog').getByRole('button', { name: /^Reject \d+ leads?$/ }).click();
      await page.getByTestId('bulk-done').getByText(/^Rejected \d+ leads?\.$/).waitFor();
      await page.getByText('No leads waiting for review match these filters.').waitFor();

      // The confirmation said rejected leads can be reopened: the lead's page does it.
      const [bakery] = await sql<{ id: string }[]>`select id from leads where workspace_id = ${admin.workspaceId} and name = 'Bluebonnet Bakery'`;
      await page.goto(`${switchboard.baseUrl}/leads/${bakery!.id}`);
      await page.getByText(/^Rejected: /).waitFor();
      await page.getByRole('button', { name: 'Reopen for review' }).click();
      await page.getByRole('button', { name: 'Approve', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Reopen for review' }).count()).toBe(0);

      // Editing the campaign: a heavier phone weight and a target category rescore its leads.
      const [campaign] = await sql<{ id: string }[]>`select id from campaigns where workspace_id = ${admin.workspaceId} and name = 'Austin plumbers'`;
      const campaignUrl = `${switchboard.baseUrl}/campaigns/${campaign!.id}`;
      await page.goto(campaignUrl);
      await page.getByRole('link', { name: 'Edit', exact: true }).click();
      await page.getByRole('heading', { name: 'Edit campaign' }).waitFor();
      expect(await page.getByLabel('Phone number').inputValue()).toBe('15');
      await page.getByLabel('Phone number').fill('100');
      await page.getByLabel('Categories').fill('Plumber');
      await page.getByLabel('Description').fill('Plumbing firms in Austin');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Plumbing firms in Austin').waitFor();
      await page.getByText('Phone number 100').waitFor();
      const reasons = await sql<{ phoneMax: number; categoryReasons: number }[]>`
        select distinct (select (r ->> 'max')::int from json_array_elements(score_reasons) r where r ->> 'code' = 'phone') as "phoneMax",
               (select count(*)::int from json_array_elements(score_reasons) r where r ->> 'code' = 'category_match') as "categoryReasons"
        from leads where campaign_id = ${campaign!.id}`;
      expect(reasons).toEqual([{ phoneMax: 100, categoryReasons: 1 }]);
      // A weight out of range comes back (200, the form's answer) saying what to fix, the form open with what was typed.
      const refused = await context.request.post(`${campaignUrl}?edit`, {
        form: { intent: 'update', name: 'Austin plumbers', timeZone: 'America/Chicago', queries: 'plumber', pagesPerQuery: '1', sources: 'search', 'weight.phone': '500' },
      });
      expect(refused.status()).toBe(200);
      expect(await refused.text()).toContain('Check the highlighted fields.');
    } finally {
      await context.close();
    }
  });
  it('catches up on changes made while its live connection was down, without waiting for the next event', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page);
    // From here every Socket.IO connection goes through this proxy, so the test can drop one and hold the
    // next; `connected` counts those Socket.IO finished connecting over (its "40" connect packet came back).
    const connections: WebSocketRoute[] = [];
    let connected = 0;
    let holdNext: Promise<void> | null = null;
    await page.routeWebSocket(/\/socket\.io\//, async (ws) => {
      connections.push(ws);
      if (holdNext) await holdNext;
      const server = ws.connectToServer();
      server.onMessage((message) => {
        if (typeof message === 'string' && message.startsWith('40')) connected += 1;
        ws.send(message);
      });
    });
    await page.goto(`${switchboard.baseUrl}/leads/review`);
    await page.getByTestId('review-total').waitFor();
    await expect.poll(() => connected, { timeout: 15_000 }).toBe(1);
    const shown = Number((await page.getByTestId('review-total').textContent())?.replaceAll(',', ''));

    // The connection drops, and the next one waits while a lead enters review and its event is published to nobody.
    let release!: () => void;
    holdNext = new Promise<void>((resolve) => (release = resolve));
    await connections[0]!.close();
    await expect.poll(() => connections.length, { timeout: 15_000 }).toBe(2);
    expect(connected).toBe(1);
    const { leads } = await mergeLeadCandidates(sql, {
      workspaceId: admin.workspaceId,
      campaignId: null,
      candidates: [{ name: 'Offline Plumbing', city: 'Austin', country: 'US', source: { kind: 'search', ref: 'https://offline-plumbing.example/', evidence: {} } }],
    });
    await transitionLeads(sql, { workspaceId: admin.workspaceId, event: 'queue_for_review', target: { ids: [leads[0]!.leadId] }, changedBy: null });
    await createPublisher(sql)(admin.workspaceId, 'leads.changed', { campaignId: null, count: 1 });

    // Connected again: the page reloads what it shows, though no event came after the change.
    release();
    await page.waitForFunction((expected) => document.querySelector('[data-testid="review-total"]')?.textContent === String(expected), shown + 1);
    await page.close();
  }, 60_000);
});
