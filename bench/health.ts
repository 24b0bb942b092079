import { RELATIONSHIP_HEALTH_STATUSES, type RelationshipHealthStatus } from '@switchboard/core';
import { createSql, leadHealthSummary, listLeadHealth, recordHealthRefresh } from '@switchboard/db';
import { createRecordingSql, explainAnalyze, keyPlanLines, seedEngagedLeads } from '@switchboard/db/testing';
import { refreshWorkspaceHealth } from '@switchboard/worker';
import { createMember } from '../tests/accounts.ts';
import { REQUESTS_PER_PAGE, startBuiltWebServer, timePage, type PageTiming } from './ssr.ts';
import { log, round } from './stats.ts';

/** Deep enough that an OFFSET would show: the fifth page, reached by following each page's "Next page". */
const CURSOR_DEPTH = 5;
/** The page's own size (health.tsx), plus the one more the list asks for to know there is a next page. */
const PAGE_SIZE = 50;
/** A lead in a sequence gets one to three emails. */
const EMAILS_PER_LEAD = 3;

interface HealthScenario {
  name: string;
  path: string;
  /** Measured for comparison only: no target, no plan. */
  baseline?: true;
  /** What the page's list procedure asks the database, to EXPLAIN. */
  query: { status?: RelationshipHealthStatus; after?: { score: number; leadId: string } };
}

/**
 * The Health page's data at `leads` engaged leads in one workspace (and a few in another): the first
 * refresh of the workspace (every lead scored) and an idle one right after (nothing stale); then SSR
 * of /health as a signed-in admin against the built server, all leads, each status and page 5 by
 * cursor: p50/p95 over REQUESTS_PER_PAGE requests, the HTML's size, and the key lines of the list
 * query's EXPLAIN ANALYZE.
 */
export async function healthTimings(url: string, leads: number) {
  const server = await startBuiltWebServer(url, 'health');
  const sql = createSql(url, { applicationName: 'bench-health' });
  const recording = createRecordingSql(url);
  try {
    const admin = await createMember(sql, { email: 'bench-health-admin@bench.test', role: 'admin', workspaceName: 'Bench health' });
    const other = await createMember(sql, { email: 'bench-health-other@bench.test', role: 'admin', workspaceName: 'Bench health other' });
    const seededAt = performance.now();
    await seedEngagedLeads(sql, { workspaceId: admin.workspaceId, count: leads, emailsPerLead: EMAILS_PER_LEAD });
    await seedEngagedLeads(sql, { workspaceId: other.workspaceId, count: 1_000, emailsPerLead: EMAILS_PER_LEAD });
    // As autovacuum leaves tables after a bulk load; otherwise it would start in the middle of the timings.
    await sql`vacuum (analyze) leads, enrolments, sends, lead_messages, calls`;
    const [seeded]: [{ sends: number; replied: number; called: number; opened: number; bounced: number }?] = await sql`
      select (select count(*)::int from sends where workspace_id = ${admin.workspaceId}) as sends,
             (select count(distinct lead_id)::int from lead_messages where workspace_id = ${admin.workspaceId} and kind = 'reply') as replied,
             (select count(distinct lead_id)::int from calls where workspace_id = ${admin.workspaceId}) as called,
             (select count(*)::int from sends where workspace_id = ${admin.workspaceId} and opened_at is not null) as opened,
             (select count(*)::int from sends where workspace_id = ${admin.workspaceId} and bounced_at is not null) as bounced`;
    if (!seeded) throw new Error('The seeded outreach could not be counted.');
    log(`health: seeded ${leads} engaged leads (${seeded.sends} sends, ${seeded.replied} replied, ${seeded.called} called) in ${round((performance.now() - seededAt) / 1000, 1)} s`);

    const refreshStartedAt = performance.now();
    const first = await refreshWorkspaceHealth({ sql }, { workspaceId: admin.workspaceId });
    const firstSeconds = (performance.now() - refreshStartedAt) / 1000;
    const idleStartedAt = performance.now();
    const idle = await refreshWorkspaceHealth({ sql }, { workspaceId: admin.workspaceId });
    const idleSeconds = (performance.now() - idleStartedAt) / 1000;
    const refresh = {
      firstSeconds: round(firstSeconds, 2),
      firstScored: first.scored,
      leadsScoredPerSecond: round(first.scored / firstSeconds, 0),
      idleSeconds: round(idleSeconds, 2),
      idleScored: idle.scored,
    };
    log(`health: first refresh scored ${first.scored} in ${refresh.firstSeconds} s (${refresh.leadsScoredPerSecond}/s), idle refresh ${refresh.idleSeconds} s (${idle.scored} scored)`);
    // The scores were just written in bulk: as autovacuum would leave lead_health before people open the page.
    await sql`vacuum (analyze) lead_health`;
    const { counts } = await leadHealthSummary(sql, admin.workspaceId);

    await server.ready();
    const scenarios: HealthScenario[] = [
      // Reads no health: the cost of any signed-in page (session, layout, render), to read the others against.
      { name: 'baselineMembersPage', path: '/admin/members', baseline: true, query: {} },
      { name: 'all', path: '/health', query: {} },
      ...RELATIONSHIP_HEALTH_STATUSES.map((status) => ({ name: status, path: `/health?status=${status}`, query: { status } })),
    ];
    let path = '/health';
    for (let page = 1; page < CURSOR_DEPTH; page += 1) {
      const html = await (await fetch(`${server.baseUrl}${path}`, { headers: { cookie: admin.cookie } })).text();
      const next = /href="(\/health\?after=([^"]+))"[^>]*>Next page</.exec(html);
      if (!next) throw new Error(`${path} has no "Next page" link; page ${CURSOR_DEPTH} needs ${CURSOR_DEPTH * PAGE_SIZE} scored leads.`);
      path = next[1]!;
    }
    const cursor = /after=(\d+)\.([0-9a-f-]{36})/.exec(path);
    if (!cursor) throw new Error(`${path} does not carry a cursor the bench understands.`);
    scenarios.push({ name: `page${CURSOR_DEPTH}ByCursor`, path, query: { after: { score: Number(cursor[1]), leadId: cursor[2]! } } });

    const pages: Record<string, PageTiming & { rows: number }> = {};
    for (const scenario of scenarios) {
      const { timing, html } = await timePage(server.baseUrl, scenario.path, admin.cookie);
      const table = /data-testid="health-table"[\s\S]*?<\/table>/.exec(html)?.[0];
      const rows = table ? (table.match(/<tr/g)?.length ?? 1) - 1 : 0;
      pages[scenario.name] = { ...timing, rows };
      log(`health: ${scenario.path} min ${timing.minMs} ms, p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms, ${timing.bytes} bytes (${rows} rows)`);
    }

    // The list query as the procedure sends it, recorded and explained: each page's rows must come from a lead_health index.
    const plans: Record<string, { lines: string[]; pageFromIndex: boolean }> = {};
    const measured = scenarios.filter((scenario) => !scenario.baseline);
    for (const scenario of measured) {
      recording.statements.length = 0;
      await listLeadHealth(recording.sql, { workspaceId: admin.workspaceId, ...scenario.query, limit: PAGE_SIZE + 1 });
      const lines = keyPlanLines(await explainAnalyze(sql, recording.statements.at(-1)!));
      plans[scenario.name] = { lines, pageFromIndex: lines.some((line) => /Index Scan using lead_health_\w+ on lead_health/.test(line)) && !lines.some((line) => /Seq Scan/.test(line)) };
    }

    // The tiles' counts are stored with the refresh: a page load reads one row, the refresh counts once.
    recording.statements.length = 0;
    await recordHealthRefresh(recording.sql, { workspaceId: admin.workspaceId, refreshedAt: new Date() });
    const countStatement = recording.statements.find((statement) => /insert into workspace_health_refreshes/.test(statement.query));
    if (!countStatement) throw new Error('The health refresh recorded no counts.');
    const countPlan = keyPlanLines(await explainAnalyze(sql, countStatement));

    const slowest = Math.max(...measured.map((scenario) => pages[scenario.name]!.p95Ms));
    const largest = Math.max(...measured.map((scenario) => pages[scenario.name]!.bytes));
    return { leads, seeded, counts, refresh, requestsPerPage: REQUESTS_PER_PAGE, pages, plans, countPlan, slowestP95Ms: slowest, largestPageBytes: largest };
  } finally {
    await server.stop();
    await recording.sql.end();
    await sql.end();
  }
}
