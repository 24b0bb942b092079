import { loadavg } from 'node:os';
import { createSql } from '@switchboard/db';
import { seedEngagedLeads } from '@switchboard/db/testing';
import { createMember } from '../tests/accounts.ts';
import { seedDashboardRows } from './more-pages-seed.ts';
import { REQUESTS_PER_PAGE, startBuiltWebServer, timePage, type PageTiming } from './ssr.ts';
import { log, percentile, round } from './stats.ts';

/** Deep enough that an OFFSET would show: the fifth page, reached by following each page's link to the next. */
const CURSOR_DEPTH = 5;
/** Whole exports are slow by nature: fewer of them. */
const EXPORT_RUNS = 3;

interface PageScenario {
  name: string;
  path: string;
  /** Measured for comparison only: no target. */
  baseline?: true;
}

/**
 * The dashboard pages not measured elsewhere, at `rows` rows in each page's main table of one workspace
 * (see seedDashboardRows; a small second workspace beside it): SSR against the built server as a signed-in
 * admin, p50/p95 over REQUESTS_PER_PAGE requests and the HTML's size, for the Inbox, Calls, Outbox, audit
 * log, Suppressions, a campaign's board and outreach pages, Analytics (and its CSV) and a lead with a long history; and
 * the audit log's CSV export of up to 100,000 entries (time to its first byte and to its end).
 */
export async function morePageTimings(url: string, rows: number) {
  const server = await startBuiltWebServer(url, 'dashboard page');
  const sql = createSql(url, { applicationName: 'bench-more-pages' });
  try {
    const admin = await createMember(sql, { email: 'bench-pages-admin@bench.test', role: 'admin', workspaceName: 'Bench pages' });
    const other = await createMember(sql, { email: 'bench-pages-other@bench.test', role: 'admin', workspaceName: 'Bench pages other' });
    const seededAt = performance.now();
    const { campaignId, busyLeadId } = await seedDashboardRows(sql, { workspaceId: admin.workspaceId, actorUserId: admin.userId, rows });
    await seedEngagedLeads(sql, { workspaceId: other.workspaceId, count: 1_000, emailsPerLead: 3 });
    const [seeded]: [Record<string, number>?] = await sql`
      select (select count(*)::int from sends where workspace_id = ${admin.workspaceId}) as sends,
             (select count(*)::int from sandbox_outbox where workspace_id = ${admin.workspaceId}) as "outboxEmails",
             (select count(*)::int from lead_messages where workspace_id = ${admin.workspaceId}) as "leadMessages",
             (select count(*)::int from calls where workspace_id = ${admin.workspaceId}) as calls,
             (select count(*)::int from audit_log where workspace_id = ${admin.workspaceId}) as "auditEntries",
             (select count(*)::int from suppressions where workspace_id = ${admin.workspaceId}) as suppressions,
             (select count(*)::int from enrolments where workspace_id = ${admin.workspaceId}) as enrolments`;
    log(`more pages: seeded ${JSON.stringify(seeded)} in ${round((performance.now() - seededAt) / 1000, 1)} s`);

    await server.ready();
    const deeper = (path: string, linkText: string) => followLink(server.baseUrl, path, admin.cookie, linkText, CURSOR_DEPTH - 1);
    const campaign = `/campaigns/${campaignId}`;
    const scenarios: PageScenario[] = [
      // Reads none of these tables: the cost of any signed-in page (session, layout, render), to read the others against.
      { name: 'baselineMembersPage', path: '/admin/members', baseline: true },
      { name: 'inbox', path: '/inbox' },
      { name: 'inboxReplies', path: '/inbox?kind=reply' },
      { name: 'inboxCampaign', path: `/inbox?campaign=${campaignId}` },
      { name: 'inboxSearch', path: '/inbox?q=business-4242' },
      { name: `inboxPage${CURSOR_DEPTH}`, path: await deeper('/inbox', 'Older') },
      { name: 'calls', path: '/calls' },
      { name: 'callsCampaign', path: `/calls?campaign=${campaignId}` },
      { name: 'outbox', path: '/outbox' },
      { name: 'outboxPage20', path: '/outbox?page=20' },
      { name: 'audit', path: '/admin/audit' },
      { name: 'auditAction', path: '/admin/audit?action=lead.reject' },
      { name: 'auditActor', path: '/admin/audit?actor=admin-3' },
      { name: `auditPage${CURSOR_DEPTH}`, path: await deeper('/admin/audit', 'Older entries') },
      { name: 'suppressions', path: '/suppressions' },
      { name: 'suppressionsByValue', path: '/suppressions?sort=value' },
      { name: 'suppressionsSearch', path: '/suppressions?q=company-4242' },
      { name: 'suppressionsBounces', path: '/suppressions?source=bounce' },
      { name: `suppressionsPage${CURSOR_DEPTH}`, path: await deeper('/suppressions', 'Next page') },
      { name: 'campaign', path: campaign },
      { name: 'campaignOutreach', path: `${campaign}/outreach` },
      { name: 'campaignOutreachLeadsPage20', path: `${campaign}/outreach?leads=20` },
      { name: 'campaignOutreachBusyLead', path: `${campaign}/outreach?lead=${busyLeadId}` },
      { name: 'analytics', path: '/analytics' },
      { name: 'analyticsCampaign', path: `/analytics?campaign=${campaignId}` },
      // The same figures as a download: one line per day, step and mailbox.
      { name: 'analyticsCsv', path: '/analytics.csv' },
      { name: 'busyLead', path: `/leads/${busyLeadId}` },
    ];

    const pages: Record<string, PageTiming> = {};
    for (const scenario of scenarios) {
      const { timing } = await timePage(server.baseUrl, scenario.path, admin.cookie);
      pages[scenario.name] = timing;
      log(`more pages: ${scenario.path} min ${timing.minMs} ms, p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms, ${timing.bytes} bytes`);
    }
    const auditExport = await timeExport(server.baseUrl, '/admin/audit.csv', admin.cookie);
    log(`more pages: /admin/audit.csv first byte p50 ${auditExport.firstByteP50Ms} ms, whole ${auditExport.wholeP50Ms} ms, ${auditExport.rows} rows`);

    const measured = scenarios.filter((scenario) => !scenario.baseline);
    const slowest = measured.reduce((worst, scenario) => (pages[scenario.name]!.p95Ms > pages[worst.name]!.p95Ms ? scenario : worst));
    const largest = measured.reduce((worst, scenario) => (pages[scenario.name]!.bytes > pages[worst.name]!.bytes ? scenario : worst));
    return {
      rows,
      seeded,
      requestsPerPage: REQUESTS_PER_PAGE,
      pages,
      auditExport,
      slowestPage: slowest.name,
      slowestP95Ms: pages[slowest.name]!.p95Ms,
      largestPage: largest.name,
      largestPageBytes: pages[largest.name]!.bytes,
      // The timings are bound by the machine's 2 cores: they are read beside how busy it was.
      loadAverageAfter: loadavg().map((load) => round(load, 1)),
    };
  } finally {
    await server.stop();
    await sql.end();
  }
}

/** The path `depth` pages on, each reached by the link whose text is `linkText` (the page's own "next page" link). */
async function followLink(baseUrl: string, path: string, cookie: string, linkText: string, depth: number): Promise<string> {
  let current = path;
  for (let page = 0; page < depth; page += 1) {
    const html = await (await fetch(`${baseUrl}${current}`, { headers: { cookie } })).text();
    const link = new RegExp(`href="([^"]+)"[^>]*>${linkText}<`).exec(html)?.[1];
    if (!link) throw new Error(`${current} has no "${linkText}" link; page ${depth + 1} needs more rows.`);
    const href = link.replaceAll('&amp;', '&');
    current = href.startsWith('?') ? `${current.split('?')[0]}${href}` : href;
  }
  return current;
}

/** A download read to its end EXPORT_RUNS times: when its first byte came, when its last, and its size. */
async function timeExport(baseUrl: string, path: string, cookie: string) {
  const firstByte: number[] = [];
  const whole: number[] = [];
  let bytes = 0;
  let rows = 0;
  for (let run = 0; run < EXPORT_RUNS; run += 1) {
    const startedAt = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
    if (response.status !== 200 || !response.body) throw new Error(`${path} answered ${response.status}`);
    bytes = 0;
    rows = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (bytes === 0) firstByte.push(performance.now() - startedAt);
      bytes += chunk.value.byteLength;
      for (const byte of chunk.value) if (byte === 10) rows += 1;
    }
    whole.push(performance.now() - startedAt);
  }
  return {
    runs: EXPORT_RUNS,
    firstByteP50Ms: round(percentile(firstByte, 50)),
    firstByteMaxMs: round(Math.max(...firstByte)),
    wholeP50Ms: round(percentile(whole, 50)),
    wholeMaxMs: round(Math.max(...whole)),
    bytes,
    // Lines after the header.
    rows: rows - 1,
  };
}
