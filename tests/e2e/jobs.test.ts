import { randomUUID } from 'node:crypto';
import { createSql, type Sql } from '@switchboard/db';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMember, type TestMember } from '../accounts.ts';
import { launchBrowser } from './browser.ts';
import { layoutProblems } from './overflow.ts';
import { startSwitchboard, type RunningSwitchboard } from './server.ts';
import { signedInPage } from './sign-in.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

let switchboard: RunningSwitchboard;
let browser: Browser;
let sql: Sql;
let admin: TestMember;
let operator: TestMember;

/**
 * A lead import job that failed for good, as pg-boss stores one (the running worker would take a job
 * sent the ordinary way before it could be failed by hand). Its import does not exist, so when it
 * runs again the worker finds nothing to do and completes it.
 */
async function failedImportJob(workspaceId: string, error: string): Promise<string> {
  const id = randomUUID();
  await sql`
    insert into pgboss.job (name, id, data, state, retry_limit, retry_count, started_on, completed_on, output)
    values ('leads.import', ${id}, ${sql.json({ workspaceId, importId: randomUUID(), apiKey: 're_never_shown' })}, 'failed', 0, 0, now(), now(), ${sql.json({ error })})`;
  return id;
}

beforeAll(async () => {
  [switchboard, browser] = await Promise.all([startSwitchboard(), launchBrowser()]);
  sql = createSql(switchboard.databaseUrl, { applicationName: 'e2e-jobs', max: 2 });
  admin = await createMember(sql, { email: 'jobs-admin@acme.test', role: 'admin', workspaceName: 'Acme' });
  operator = await createMember(sql, { email: 'jobs-operator@acme.test', role: 'operator', workspaceId: admin.workspaceId });
  // The worker creates its queues as it starts.
  await vi.waitFor(async () => expect(await sql`select 1 from pgboss.queue where name = 'leads.import'`).toHaveLength(1), { timeout: 30_000, interval: 200 });
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await switchboard?.stop();
});

describe('Jobs page', () => {
  it("shows a failed job's error without its payload, and an admin's retry runs it again", async () => {
    const jobId = await failedImportJob(admin.workspaceId, `The file could not be read: ${'unbroken-path-segment/'.repeat(20)}`);
    const page = await signedInPage(browser, switchboard.baseUrl, admin, DESKTOP);
    await page.goto(`${switchboard.baseUrl}/jobs?queue=leads.import&state=failed`);
    const row = page.getByTestId('job-row').filter({ has: page.getByTitle(jobId) });
    await row.getByText(/^The file could not be read/).waitFor();
    expect(await page.content()).not.toContain('re_never_shown');

    await row.getByRole('link', { name: 'Retry' }).click();
    await page.getByText('Run the failed leads.import job again?').waitFor();
    await page.getByRole('button', { name: 'Retry the job' }).click();
    await page.getByText(`Job ${jobId} is back in its queue`).waitFor();
    // The worker runs it again: the import it names does not exist, so it completes with nothing to do.
    await expect.poll(async () => (await sql<{ state: string }[]>`select state::text as state from pgboss.job where id = ${jobId}`)[0]?.state, { timeout: 15_000 }).toBe('completed');
    await page.goto(`${switchboard.baseUrl}/jobs?queue=leads.import`);
    await page.getByTestId('job-row').filter({ has: page.getByTitle(jobId) }).getByText('completed').waitFor();
    await page.close();
  });

  it('keeps its tables inside their cards on a phone', async () => {
    await failedImportJob(admin.workspaceId, `connect ECONNREFUSED ${'x'.repeat(280)}`);
    const page = await signedInPage(browser, switchboard.baseUrl, admin, PHONE);
    await page.goto(`${switchboard.baseUrl}/jobs`);
    await page.getByRole('heading', { name: 'Recent jobs' }).waitFor();
    expect(await layoutProblems(page)).toEqual([]);
    await page.close();
  });

  it('is for admins: an operator is told so', async () => {
    const page = await signedInPage(browser, switchboard.baseUrl, operator, DESKTOP);
    const response = await page.goto(`${switchboard.baseUrl}/jobs`);
    expect(response?.status()).toBe(403);
    await page.getByText(/This needs the admin role/).waitFor();
    await page.close();
  });
});
