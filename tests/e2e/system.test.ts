import { createSql } from '@switchboard/db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createMember, TEST_PASSWORD } from '../accounts.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startSwitchboard, type RunningSwitchboard } from './server.ts';

let switchboard: RunningSwitchboard;
let browser: Browser;

beforeAll(async () => {
  [switchboard, browser] = await Promise.all([startSwitchboard(), launchBrowser()]);
  const sql = createSql(switchboard.databaseUrl, { applicationName: 'e2e-setup', max: 1 });
  await createMember(sql, { email: 'operator@acme.test', role: 'operator', workspaceName: 'Acme' });
  await sql.end();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${switchboard.baseUrl}/system`);
  // Signed out, the dashboard sends people to sign in first.
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill('operator@acme.test');
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signing in goes back to the page asked for.
  await page.getByRole('heading', { name: 'System', level: 1 }).waitFor();
}

/** Signs the context's session out from a second tab, as a person would. */
async function signOutInAnotherTab(context: BrowserContext): Promise<void> {
  const other = await context.newPage();
  await other.goto(`${switchboard.baseUrl}/campaigns`);
  await other.getByRole('button', { name: 'Sign out', exact: true }).click();
  await other.getByRole('heading', { name: 'Sign in' }).waitFor();
}

afterAll(async () => {
  await browser?.close();
  await switchboard?.stop();
});

describe('System page', () => {
  it('shows the database and a live worker, and a ping round trip arrives without a reload', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await signIn(page);
    await page.getByRole('region', { name: 'Database' }).getByText('reachable').waitFor();
    await page.getByText('Sandbox', { exact: true }).waitFor();
    // Voice calls go to the sandbox caller, and the banner and the providers table say so.
    await page.getByRole('status').getByText(/voice calls are simulated by the sandbox caller \(no real phone calls\)/).waitFor();
    await page.getByTestId('provider-mode-voice').getByText('sandbox').waitFor();

    // The heartbeat arrives over Socket.IO: the worker shows alive without a reload.
    await page.getByTestId('live-connection').getByText('Live').waitFor();
    await page.getByTestId('worker-liveness').getByText('alive').waitFor({ timeout: 15_000 });
    // Which Chromium the worker found (no system browser needed) reaches the page with a later heartbeat.
    await page.getByTestId('worker-browser').getByText(/^Chromium at \S+ \((PLAYWRIGHT_CHROMIUM_PATH|playwright install|system|@sparticuz\/chromium)\)$/).waitFor({ timeout: 30_000 });
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    const workerPanel = page.getByRole('region', { name: 'Worker' });
    const renderedAt = await workerPanel.getAttribute('data-checked-at');
    // The next heartbeat (every 5 s) makes the page refetch its status in place.
    await page.waitForFunction(
      (before) => document.querySelector('[aria-labelledby="worker-heading"]')?.getAttribute('data-checked-at') !== before,
      renderedAt,
      { timeout: 10_000 },
    );

    await page.getByRole('button', { name: 'Ping worker' }).click();
    const result = page.getByTestId('ping-result');
    await result.getByText(/Round trip \d+ ms/).waitFor({ timeout: 10_000 });
    expect(await result.textContent()).toMatch(/^Round trip \d+ ms via \S+/);
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('says the session ended, with a way to sign in again, when another tab signs out (not "Reconnecting…")', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page);
      const indicator = page.getByTestId('live-connection');
      await indicator.getByText('Live').waitFor();
      await signOutInAnotherTab(context);
      // The server ends the socket of the session that signed out; the page says so instead of retrying.
      await indicator.getByText('Session ended').waitFor({ timeout: 10_000 });
      expect(await indicator.getByRole('link', { name: 'sign in again' }).getAttribute('href')).toBe('/sign-in');
      await page.waitForTimeout(1_000);
      expect(await indicator.textContent()).not.toContain('Reconnecting');
    } finally {
      await context.close();
    }
  });

  it('says the session ended when it ended while the live connection was down (the handshake is refused)', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page);
      // The next page's live connection waits here until the session has ended, as a tab that lost the
      // network would; the server never had a socket of it to close, so only the refused handshake tells.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.routeWebSocket(/\/socket\.io\//, async (socket) => {
        await held;
        socket.connectToServer();
      });
      await page.reload();
      const indicator = page.getByTestId('live-connection');
      await indicator.getByText('Connecting…').waitFor();
      await signOutInAnotherTab(context);
      release();
      await indicator.getByText('Session ended').waitFor({ timeout: 10_000 });
      await page.waitForTimeout(1_000);
      expect(await indicator.textContent()).not.toContain('Reconnecting');
    } finally {
      await context.close();
    }
  });

  it('renders on the server, with no JavaScript at all', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signIn(page);
      expect(await page.getByRole('region', { name: 'Database' }).textContent()).toMatch(/reachable.*PostgreSQL \d+/);
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([
        'Campaigns',
        'Mailboxes',
        'Leads',
        'Analytics',
        'Calls',
        'Inbox',
        'Suppressions',
        'Health',
        'System',
      ]);
      // An operator's menu leaves out Jobs and Admin, which answer them 403 (apps/web/server/role-pages.test.ts).
      await page.getByRole('button', { name: 'Ping worker' }).click();
      await page.getByText('Ping queued.').waitFor();
    } finally {
      await context.close();
    }
  });
});
