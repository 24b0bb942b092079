import { SESSION_COOKIE } from '@switchboard/api';
import { createCampaign, createSql, setSystemConfigValue, type Sql } from '@switchboard/db';
import { findFreePort } from '@switchboard/db/embedded';
import type { TestDatabase } from '@switchboard/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../accounts.ts';
import { createTestDatabase } from '../database.ts';
import { cleanEnv, startProcess, waitForHttp, type RunningProcess } from '../processes.ts';
import { launchBrowser } from './browser.ts';

// Two web processes and two workers on one database, as the README's "Several workers and web processes"
// describes: the queue spreads a discovery run's jobs over both workers, and a browser on either web
// process sees what was done through the other.

const RUN_TIMEOUT_MS = 40_000;

let database: TestDatabase;
let sql: Sql;
let browser: Browser;
let context: BrowserContext;
let admin: TestMember;
const webs: { name: string; base: string; process: RunningProcess }[] = [];
const workers: RunningProcess[] = [];

function allOutput(): string {
  return [...webs.map((web) => `--- ${web.name}\n${web.process.output()}`), ...workers.map((worker, index) => `--- worker ${index + 1}\n${worker.output()}`)].join('\n');
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'e2e-scale-out', max: 2 });
  admin = await createMember(sql, { email: 'ada@scale.test', role: 'admin', workspaceName: 'Scale' });
  // Fast sandbox discovery: no per-minute limits in the way, and no website visits (no browser for the
  // workers), so the run is all queue work and finishes in seconds.
  await setSystemConfigValue(sql, 'search_requests_per_minute', 1_000);
  await setSystemConfigValue(sql, 'places_requests_per_minute', 1_000);
  const env = { DATABASE_URL: database.url, SWITCHBOARD_SECRET: 'e2e-master-secret-that-is-long-enough', LOG_FORMAT: 'json' };
  for (const name of ['A', 'B']) {
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    webs.push({ name, base, process: startProcess('apps/web/server/main.ts', cleanEnv({ ...env, PORT: String(port), PUBLIC_URL: base })) });
  }
  for (let index = 0; index < 2; index += 1) {
    workers.push(startProcess('apps/worker/src/main.ts', cleanEnv({ ...env, LOG_LEVEL: 'debug', PLAYWRIGHT_CHROMIUM_PATH: '/nonexistent/chromium' })));
  }
  const ready = Promise.all([
    ...webs.map((web) => waitForHttp(`${web.base}/readyz`, (response) => response.status === 200, 60_000)),
    ...workers.map((worker) => worker.waitForOutput(/"msg":"worker started"/, 60_000)),
  ]);
  [browser] = await Promise.all([launchBrowser(), ready]).catch((error: unknown) => {
    throw new Error(`the cluster did not start:\n${allOutput()}`, { cause: error });
  });
  // Host-only cookies ignore the port: one session cookie signs the browser in on both web processes.
  context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: admin.cookie.slice(SESSION_COOKIE.length + 1), domain: '127.0.0.1', path: '/' }]);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  for (const running of [...webs.map((web) => web.process), ...workers]) running.child.kill('SIGTERM');
  await Promise.all([...webs.map((web) => web.process.exited), ...workers.map((worker) => worker.exited)]);
  await sql?.end();
  await database?.drop();
});

async function callApi(base: string, path: string, input: object): Promise<unknown> {
  const response = await fetch(`${base}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie },
    body: JSON.stringify(input),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${path} on ${base}: ${response.status} ${body}`);
  return JSON.parse(body);
}

/** The review queue served by one web process, once its live connection has joined the workspace's room. */
async function openReviewQueue(base: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const joined = new Promise<void>((resolve) => {
    page.on('websocket', (socket) => {
      if (!socket.url().startsWith(base.replace('http', 'ws'))) return;
      socket.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"rooms"')) resolve();
      });
    });
  });
  await page.goto(`${base}/leads/review`);
  await joined;
  // Set once; a reload would drop it, so it still being there later shows the page changed in place.
  await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
  return page;
}

async function pendingReview(): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from leads where workspace_id = ${admin.workspaceId} and status = 'pending_review'`;
  return row!.count;
}

/** Waits for the page's "Waiting for review" count to read `count`, saying what it showed if it never does. */
async function reviewTotalBecomes(page: Page, count: number): Promise<void> {
  try {
    await page.waitForFunction((expected) => document.querySelector('[data-testid="review-total"]')?.textContent === String(expected), count);
  } catch (error) {
    const shown = await page.getByTestId('review-total').textContent().catch(() => null);
    throw new Error(`${page.url()} shows ${shown} waiting for review, not ${count}`, { cause: error });
  }
}

/** Job ids each worker logged as completed (its own output, so the process is known). */
function completedJobIds(worker: RunningProcess): Set<string> {
  const ids = new Set<string>();
  // A pattern rather than JSON.parse: the last line may still be arriving.
  for (const [, jobId] of worker.output().matchAll(/"jobId":"([^"]+)"[^\n]*"msg":"job completed"/g)) ids.add(jobId!);
  return ids;
}

describe('two web processes and two workers on one database', () => {
  it('spread a discovery run over both workers, and each browser sees live what was done through the other web process', async () => {
    const [webA, webB] = webs as [(typeof webs)[0], (typeof webs)[0]];
    const [pageA, pageB] = await Promise.all([openReviewQueue(webA.base), openReviewQueue(webB.base)]);
    for (const page of [pageA, pageB]) await page.getByText('Nothing waiting for review.').waitFor();

    // 1. Discovery started through B: 24 search and listing tasks, then a scrape task per site found.
    const campaign = await createCampaign(sql, {
      workspaceId: admin.workspaceId,
      name: 'Everywhere',
      timeZone: 'America/Chicago',
      target: { queries: ['plumber', 'dentist', 'bakery'], locations: ['Austin', 'Denver', 'Seattle', 'Boston'], categories: [], pagesPerQuery: 1, sources: ['search', 'places'] },
      createdBy: admin.userId,
    });
    await callApi(webB.base, 'discovery.start', { campaignId: campaign.id });
    const [run] = await sql<{ id: string }[]>`select id from discovery_runs where campaign_id = ${campaign.id}`;
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    for (;;) {
      const [state] = await sql<{ status: string }[]>`select status from discovery_runs where id = ${run!.id}`;
      if (state?.status === 'done') break;
      if (Date.now() > deadline) throw new Error(`the run is still ${state?.status} after ${RUN_TIMEOUT_MS} ms:\n${allOutput()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // 2. Both workers ran jobs of the run, and each of its jobs ran on exactly one of them.
    const runJobs = await sql<{ id: string; name: string }[]>`
      select id::text, name from pgboss.job where name like 'discovery.%' and data ->> 'runId' = ${run!.id} and state = 'completed'`;
    // A worker logs "job completed" just after pg-boss marks the job: the last line may be a moment behind.
    const logged = () => workers.map(completedJobIds) as [Set<string>, Set<string>];
    for (const logDeadline = Date.now() + 5_000; Date.now() < logDeadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
      const [one, two] = logged();
      if (runJobs.every((job) => one.has(job.id) || two.has(job.id))) break;
    }
    const [ranByFirst, ranBySecond] = logged();
    const first = runJobs.filter((job) => ranByFirst.has(job.id));
    const second = runJobs.filter((job) => ranBySecond.has(job.id));
    expect(runJobs.length).toBeGreaterThan(24);
    const spread = `worker 1 ran ${first.length}, worker 2 ran ${second.length} of the run's ${runJobs.length} jobs`;
    expect(first.length, spread).toBeGreaterThan(0);
    expect(second.length, spread).toBeGreaterThan(0);
    expect(first.filter((job) => ranBySecond.has(job.id))).toEqual([]);
    expect(first.length + second.length).toBe(runJobs.length);

    // 3. Leads the workers found reached both review queues live, through each one's own web process.
    const pending = await pendingReview();
    expect(pending).toBeGreaterThan(2);
    for (const page of [pageA, pageB]) await reviewTotalBecomes(page, pending);

    // 4. A lead approved through B leaves the queue open on A, and one approved through A leaves B's.
    const throughB = await pageA.locator('.review-card').first().getAttribute('data-lead-id');
    await callApi(webB.base, 'leads.approve', { id: throughB });
    for (const page of [pageA, pageB]) await page.locator(`.review-card[data-lead-id="${throughB}"]`).waitFor({ state: 'detached' });

    const throughA = await pageB.locator('.review-card').first().getAttribute('data-lead-id');
    expect(throughA).not.toBe(throughB);
    await callApi(webA.base, 'leads.approve', { id: throughA });
    for (const page of [pageB, pageA]) await page.locator(`.review-card[data-lead-id="${throughA}"]`).waitFor({ state: 'detached' });

    for (const page of [pageA, pageB]) {
      expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
      await reviewTotalBecomes(page, pending - 2);
    }
  }, 60_000);
});
