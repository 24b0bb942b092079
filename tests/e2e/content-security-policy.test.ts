import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../accounts.ts';
import { createTestDatabase } from '../database.ts';
import { startTestWebServer, type TestWebServer } from '../web-server.ts';
import { launchBrowser } from './browser.ts';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'e2e-csp' });
  [web, browser] = await Promise.all([startTestWebServer(sql, database.url), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await sql?.end();
  await database?.drop();
});

describe('content security policy in a real browser', () => {
  it('lets a built page hydrate, navigate and go live with no CSP violation', async () => {
    const { cookie } = await createMember(sql, { email: 'csp@acme.test', role: 'admin' });
    const [name, value] = cookie.split('=') as [string, string];
    const context = await browser.newContext();
    await context.addCookies([{ name, value, url: web.base }]);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`Refused to load: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });

    const response = await page.goto(`${web.base}/system`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
    // The live indicator turns "Live" only once React has hydrated and the socket has connected.
    await page.getByTestId('live-connection').getByText('Live').waitFor();
    // A client-side navigation: the document stays, so its marker survives.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.waitForURL(/\/campaigns$/);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(violations).toEqual([]);
    await context.close();
  });
});
