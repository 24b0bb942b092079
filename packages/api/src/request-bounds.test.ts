import { RateLimited } from '@switchboard/core';
import { createCampaign, createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { publicProcedure } from './procedures/index.ts';
import { EXPENSIVE_CALLS_PER_USER, REQUEST_STATEMENT_TIMEOUT_MS } from './request-limits.ts';
import { appRouter } from './root.ts';
import { callerAs } from './testing/test-workspace.ts';
import { testContext } from './testing/context.ts';
import { createCallerFactory, router } from './trpc.ts';

let database: TestDatabase;
/** The request path's pool, as the web process creates it. */
let sql: Sql;
/** A request pool whose statement timeout is short enough to reach in a test. */
let hurriedSql: Sql;
/** A second pool without a timeout, standing in for the worker. */
let workerSql: Sql;
let viewerA: TestMember;
let viewerB: TestMember;

const STATEMENT_TIMEOUT_MS = 300;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'request-bounds-test', statementTimeoutMs: REQUEST_STATEMENT_TIMEOUT_MS });
  hurriedSql = createSql(database.url, { applicationName: 'request-bounds-hurried', max: 2, statementTimeoutMs: STATEMENT_TIMEOUT_MS });
  workerSql = createSql(database.url, { applicationName: 'request-bounds-worker', max: 2 });
  viewerA = await createMember(workerSql, { email: 'viewer@a.test', role: 'viewer', workspaceName: 'A' });
  viewerB = await createMember(workerSql, { email: 'viewer@b.test', role: 'viewer', workspaceName: 'B' });
});

afterAll(async () => {
  await sql.end();
  await hurriedSql.end();
  await workerSql.end();
  await database.drop();
});

async function outcome(call: Promise<unknown>): Promise<{ code: string; ms: number; cause?: unknown }> {
  const started = performance.now();
  try {
    await call;
    return { code: 'OK', ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, ms: performance.now() - started, cause: error.cause };
  }
}

describe('statement timeout on the request path', () => {
  it('answers a query cut short by the timeout with SERVICE_UNAVAILABLE and a reason, not a 500', async () => {
    const slow = router({ search: publicProcedure.query(({ ctx }) => ctx.db`select pg_sleep(${(STATEMENT_TIMEOUT_MS * 4) / 1000})`) });
    await expect(createCallerFactory(slow)(testContext(hurriedSql)).search()).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database took too long to answer. Narrow the filters or try again in a moment.',
    });
  });
});

describe('expensive calls per user', () => {
  it('refuses most of 200 concurrent lead searches by one viewer at once, while another workspace is answered fast', async () => {
    const viewer = callerAs(sql, viewerA, 'viewer');
    const flood = Array.from({ length: 200 }, () => outcome(viewer.leads.list({ search: 'pipe' })));
    const other = outcome(callerAs(sql, viewerB, 'viewer').leads.list({ search: 'pipe' }));
    const results = await Promise.all(flood);
    const refused = results.filter((result) => result.code === 'TOO_MANY_REQUESTS');
    const admitted = results.filter((result) => result.code === 'OK');
    expect(admitted).toHaveLength(EXPENSIVE_CALLS_PER_USER);
    expect(refused).toHaveLength(200 - EXPENSIVE_CALLS_PER_USER);
    // Refused at once: every refusal is answered before any admitted search, without touching the database.
    expect(Math.max(...refused.map((result) => result.ms))).toBeLessThanOrEqual(Math.min(...admitted.map((result) => result.ms)));
    expect(refused[0]?.cause).toBeInstanceOf(RateLimited);
    expect((refused[0]?.cause as RateLimited).retryAfterSeconds).toBe(1);
    expect(await other).toMatchObject({ code: 'OK' });
    // Not queued behind the flood (generous for a loaded test machine; it took 48 s before the limit).
    expect((await other).ms).toBeLessThan(REQUEST_STATEMENT_TIMEOUT_MS);
  });

  // The report reads the same 92 days of sends as the export (hundreds of ms on a big workspace); a page
  // full of parallel reports (or a tRPC batch, whose calls each pass through here) is one user's flood too.
  // The call board, the queue preview and the spend read a campaign's calls and leads (100,000 of them on a big one).
  it.each(['analytics.report', 'analytics.export', 'outbox.campaignEmails', 'calls.board', 'calls.queuePreview', 'calls.spend', 'inbox.list'] as const)('limits %s like the other expensive reads', async (path) => {
    const viewer = callerAs(sql, viewerA, 'viewer');
    const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
    const campaignId = (await createCampaign(workerSql, { workspaceId: viewerA.workspaceId, name: `Bounds ${path}`, timeZone: 'UTC', target, createdBy: viewerA.userId })).id;
    const calls = {
      'analytics.report': () => viewer.analytics.report({}),
      'analytics.export': () => viewer.analytics.export({}),
      'outbox.campaignEmails': () => viewer.outbox.campaignEmails({ page: 3 }),
      'calls.board': () => viewer.calls.board({}),
      'calls.queuePreview': () => viewer.calls.queuePreview({ campaignId }),
      'calls.spend': () => viewer.calls.spend({ campaignId }),
      'inbox.list': () => viewer.inbox.list({ search: 'example' }),
    };
    const call = calls[path];
    const results = await Promise.all(Array.from({ length: 20 }, () => outcome(call())));
    expect(results.filter((result) => result.code === 'OK')).toHaveLength(EXPENSIVE_CALLS_PER_USER);
    expect(results.filter((result) => result.code === 'TOO_MANY_REQUESTS')).toHaveLength(20 - EXPENSIVE_CALLS_PER_USER);
  });

  // Offset paging reads every row it skips: the sandbox outbox's pages stop at the newest 10,000 emails.
  it('refuses an outbox page past the bounded range with a clear message', async () => {
    const viewer = callerAs(sql, viewerA, 'viewer');
    await expect(viewer.outbox.campaignEmails({ page: 200 })).resolves.toMatchObject({ page: 200, hasNextPage: false, olderNotListed: null });
    await expect(viewer.outbox.campaignEmails({ page: 201 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('The outbox lists its newest emails, 200 pages at most.') });
  });

  it('admits the user again once their calls are done', async () => {
    await expect(callerAs(sql, viewerA, 'viewer').leads.list({})).resolves.toMatchObject({ leads: expect.any(Array) });
  });

  it('tells the client when to retry in the error it sends', () => {
    const error = new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'busy', cause: new RateLimited('busy', 1) });
    const formatted = appRouter._def._config.errorFormatter({
      error,
      type: 'query',
      path: 'leads.list',
      input: undefined,
      ctx: undefined,
      shape: { message: 'busy', code: -32029, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, path: 'leads.list' } },
    });
    expect(formatted.data).toMatchObject({ retryAfterSeconds: 1 });
  });
});
