import { createCampaign, createSql, estimateLeadCount, listLeadEvidence, listLeadTableRows, listReviewLeads, type LeadFilter, type LeadSort } from '@switchboard/db';
import { createRecordingSql, explainAnalyze, keyPlanLines, seedManyLeads } from '@switchboard/db/testing';
import { createMember } from '../tests/accounts.ts';
import { REQUESTS_PER_PAGE, startBuiltWebServer, timePage, type PageTiming } from './ssr.ts';
import { log, round } from './stats.ts';
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
  const server = await startBuiltWebServer(url, 'lead page');
  const sql = createSql(url, { applicationName: 'bench-lead-pages' });
  const recording = createRecordingSql(url);
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
    // A common word each sort puts far down: "Bluebonnet …" (every 20th lead) comes after every "Acme …" by
    // name; the "Canyon …" leads (every 20th) are moved after the best-scored and the newest twentieth
    // of the rest, as if found earlier and scored lower.
    await sql`
      update leads set score = least(score, 95), first_seen_at = first_seen_at - make_interval(secs => ${Math.round(leads / 20)})
      where workspace_id = ${admin.workspaceId} and name like 'Canyon %'`;
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
      { name: 'searchFarDownByName', path: '/leads?q=bluebonnet&sort=name', query: { filter: { search: 'bluebonnet' }, sort: 'name' } },
      { name: 'searchFarDownByScore', path: '/leads?q=canyon', query: { filter: { search: 'canyon' }, sort: 'score_desc' } },
      { name: 'searchFarDownNewest', path: '/leads?q=canyon&sort=newest', query: { filter: { search: 'canyon' }, sort: 'newest' } },
      { name: 'searchOneDomain', path: '/leads?q=business-4242.', query: { filter: { search: 'business-4242.' }, sort: 'score_desc' } },
      { name: 'statusFilter', path: '/leads?status=approved&sort=name', query: { filter: { status: ['approved'] }, sort: 'name' } },
      { name: 'campaign', path: `/leads?campaign=${campaignIds[1]}`, query: { filter: { campaignId: campaignIds[1]! }, sort: 'score_desc' } },
      { name: 'cityAndScore', path: '/leads?city=Austin&minScore=80', query: { filter: { city: 'Austin', minScore: 80 }, sort: 'score_desc' } },
      { name: `page${CURSOR_DEPTH}ByCursor`, path: `/leads?after=${cursor}`, query: { filter: {}, sort: 'score_desc', ...(cursor ? { cursor } : {}) } },
      { name: 'review', path: '/leads/review', query: { filter: { status: ['pending_review'] }, sort: 'score_desc', review: true } },
    ];

    await server.ready();
    const pages: Record<string, PageTiming & { total: string }> = {};
    for (const scenario of scenarios) {
      const { timing, html } = await timePage(server.baseUrl, scenario.path, admin.cookie);
      const total = /data-testid="(?:leads|review)-total"[^>]*>([^<]*)</.exec(html)?.[1] ?? '';
      pages[scenario.name] = { ...timing, total };
      log(`lead pages: ${scenario.path} min ${timing.minMs} ms, p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms, ${timing.bytes} bytes (${total})`);
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
    await server.stop();
    await recording.sql.end();
    await sql.end();
  }
}
