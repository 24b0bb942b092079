import { createCampaign, createSql, estimateLeadCount, listLeadEvidence, listLeadTableRows, listReviewLeads, type LeadFilter, type LeadSort } from '@switchboard/db';
import { createRecordingSql, explainAnalyze, keyPlanLines, seedManyLeads } from '@switchboard/db/testing';
import { findFreePort } from '@switchboard/db/embedded';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMember } from '../tests/accounts.ts';
import { cleanEnv, ROOT, startProcess, waitForHttp } from '../tests/processes.ts';
import { log, percentile, round } from './stats.ts';

/** Sequential requests per page, after WARM_UP_REQUESTS untimed ones (first render compiles, caches fill). */
const REQUESTS_PER_PAGE = Number(process.env.BENCH_PAGE_REQUESTS ?? 30);
const WARM_UP_REQUESTS = 3;
/** Deep enough that an OFFSET would show: the fifth page of the default sort. */
const CURSOR_DEPTH = 5;

interface PageScenario {
  name: string;
  path: string;
  /** Measured for comparison only: no target, no plan. */
  baseline?: true;
  /** What the page's procedure asks the database, to EXPLAIN. */
  query: { filter: LeadFilter; sort: LeadSort; review?: boolean; cursor?: string };
}

/**
 * SSR of the lead pages as a signed-in admin against the built server, with `leads` leads in one
 * workspace (and a few in another): p50/p95 per page over REQUESTS_PER_PAGE requests, the HTML's
 * size, and the key lines of each query's EXPLAIN ANALYZE.
 */
export async function leadPageTimings(url: string, leads: number) {
  if (!existsSync(join(ROOT, 'apps/web/build/server/index.js'))) throw new Error('The lead page bench needs the dashboard build: run `pnpm build` first.');
  const sql = createSql(url, { applicationName: 'bench-lead-pages' });
  const recording = createRecordingSql(url);
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = startProcess(
    'apps/web/server/main.ts',
    cleanEnv({ DATABASE_URL: url, PORT: String(port), PUBLIC_URL: baseUrl, SWITCHBOARD_SECRET: 'bench-master-secret-that-is-long-enough', LOG_FORMAT: 'json', LOG_LEVEL: 'warn' }),
  );
  try {
    const admin = await createMember(sql, { email: 'bench-admin@bench.test', role: 'admin', workspaceName: 'Bench leads' });
    const other = await createMember(sql, { email: 'bench-other@bench.test', role: 'admin', workspaceName: 'Bench other' });
    const seededAt = performance.now();
    const target = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
    const campaignIds: string[] = [];
    for (const name of ['Austin plumbers', 'Denver dentists', 'Portland bakeries', 'Chicago roofers']) {
      campaignIds.push((await createCampaign(sql, { workspaceId: admin.workspaceId, name, timeZone: 'UTC', target, createdBy: admin.userId })).id);
    }
    await seedManyLeads(sql, { workspaceId: admin.workspaceId, count: leads, campaignIds });
    await seedManyLeads(sql, { workspaceId: other.workspaceId, count: 1_000 });
    log(`lead pages: seeded ${leads} leads in ${round((performance.now() - seededAt) / 1000, 1)} s`);
    // A bulk load leaves the tables unvacuumed and their statistics stale: autovacuum would otherwise start in
    // the middle of the timings (a live table has long been vacuumed and analysed).
    await sql`vacuum (analyze) leads, lead_contacts, lead_sources`;

    let cursor: string | undefined;
    for (let page = 1; page < CURSOR_DEPTH; page += 1) {
      cursor = (await listLeadTableRows(sql, admin.workspaceId, {}, { sort: 'score_desc', limit: 50, ...(cursor ? { cursor } : {}) })).nextCursor ?? undefined;
    }
    const scenarios: PageScenario[] = [
      // Reads no leads: the cost of any signed-in page (session, layout, render), to read the others against.
      { name: 'baselineMembersPage', path: '/admin/members', baseline: true, query: { filter: {}, sort: 'score_desc' } },
      { name: 'leads', path: '/leads', query: { filter: {}, sort: 'score_desc' } },
      { name: 'leadsByName', path: '/leads?sort=name', query: { filter: {}, sort: 'name' } },
      { name: 'leadsNewest', path: '/leads?sort=newest', query: { filter: {}, sort: 'newest' } },
      { name: 'search', path: '/leads?q=bluebonnet', query: { filter: { search: 'bluebonnet' }, sort: 'score_desc' } },
      { name: 'searchOneDomain', path: '/leads?q=business-4242.', query: { filter: { search: 'business-4242.' }, sort: 'score_desc' } },
      { name: 'statusFilter', path: '/leads?status=approved&sort=name', query: { filter: { status: ['approved'] }, sort: 'name' } },
      { name: 'campaign', path: `/leads?campaign=${campaignIds[1]}`, query: { filter: { campaignId: campaignIds[1]! }, sort: 'score_desc' } },
      { name: 'cityAndScore', path: '/leads?city=Austin&minScore=80', query: { filter: { city: 'Austin', minScore: 80 }, sort: 'score_desc' } },
      { name: `page${CURSOR_DEPTH}ByCursor`, path: `/leads?after=${cursor}`, query: { filter: {}, sort: 'score_desc', ...(cursor ? { cursor } : {}) } },
      { name: 'review', path: '/leads/review', query: { filter: { status: ['pending_review'] }, sort: 'score_desc', review: true } },
    ];

    await waitForHttp(`${baseUrl}/readyz`, (response) => response.status === 200, 60_000);
    const pages: Record<string, { minMs: number; p50Ms: number; p95Ms: number; maxMs: number; bytes: number; total: string }> = {};
    for (const scenario of scenarios) {
      const times: number[] = [];
      let bytes = 0;
      let total = '';
      for (let request = 0; request < WARM_UP_REQUESTS + REQUESTS_PER_PAGE; request += 1) {
        const startedAt = performance.now();
        const response = await fetch(`${baseUrl}${scenario.path}`, { headers: { cookie: admin.cookie } });
        const html = await response.text();
        const ms = performance.now() - startedAt;
        if (response.status !== 200) throw new Error(`${scenario.path} answered ${response.status}:\n${html.slice(0, 500)}`);
        if (request >= WARM_UP_REQUESTS) times.push(ms);
        bytes = Buffer.byteLength(html);
        total = /data-testid="(?:leads|review)-total"[^>]*>([^<]*)</.exec(html)?.[1] ?? '';
      }
      pages[scenario.name] = { minMs: round(Math.min(...times)), p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), maxMs: round(Math.max(...times)), bytes, total };
      log(`lead pages: ${scenario.path} min ${pages[scenario.name]!.minMs} ms, p50 ${pages[scenario.name]!.p50Ms} ms, p95 ${pages[scenario.name]!.p95Ms} ms, ${bytes} bytes (${total})`);
    }

    // The same queries the procedures run, recorded and explained: each page's rows must come from an index.
    const plans: Record<string, { statements: string[][]; pageFromIndex: boolean }> = {};
    for (const scenario of scenarios.filter((candidate) => !candidate.baseline)) {
      recording.statements.length = 0;
      const { filter, sort, review, cursor: after } = scenario.query;
      const page = { sort, limit: review ? 20 : 50, ...(after ? { cursor: after } : {}) };
      if (review) {
        const queue = await listReviewLeads(recording.sql, admin.workspaceId, filter, page);
        await listLeadEvidence(recording.sql, admin.workspaceId, queue.leads.map((lead) => lead.id));
      } else {
        await listLeadTableRows(recording.sql, admin.workspaceId, filter, page);
      }
      await estimateLeadCount(recording.sql, admin.workspaceId, filter);
      const statements = [...recording.statements].filter((statement) => !/^\s*explain/i.test(statement.query));
      const explained: string[][] = [];
      for (const statement of statements) explained.push(keyPlanLines(await explainAnalyze(sql, statement)));
      // The first statement reads the page's rows: no sequential scan of leads for it.
      plans[scenario.name] = { statements: explained, pageFromIndex: !explained[0]!.some((line) => /Seq Scan on leads/.test(line)) };
    }

    const leadPages = scenarios.filter((scenario) => !scenario.baseline).map((scenario) => pages[scenario.name]!);
    const slowest = Math.max(...leadPages.map((page) => page.p95Ms));
    const largest = Math.max(...leadPages.map((page) => page.bytes));
    return { leads, requestsPerPage: REQUESTS_PER_PAGE, pages, plans, slowestP95Ms: slowest, largestPageBytes: largest };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await recording.sql.end();
    await sql.end();
  }
}
