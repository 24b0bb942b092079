import type { JobCatalog } from '@switchboard/core/jobs';
import { createLogger } from '@switchboard/core/logging';
import { createBoss, createCampaign, createDiscoveryRun, createSql, discoveryProgress, enqueueDiscoveryTasks, setSystemConfigValue, type DiscoveryProgress, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createDiscoveryServices, type DiscoveryServices } from '../discovery/services.ts';
import type { RunningWorker } from '../framework/start-worker.ts';
import { startSwitchboardWorker } from '../worker.ts';
import { startSandboxWorld, type SandboxBusiness, type SandboxWorld } from '@switchboard/sandbox-world';
import { runDiscoveryToEnd } from './discovery-run.testing.ts';
import { jobs } from './index.ts';

const log = createLogger({ name: 'discovery-test', level: 'silent', format: 'json' });
const QUERIES = ['dentist', 'bakery', 'electrician'];
const LOCATIONS = ['Austin', 'Denver'];
// Generous: on two busy cores a healthy page can take over a second; only the slow pages (3×) must time out.
const PAGE_TIMEOUT_MS = 3_000;

let database: TestDatabase;
let sql: Sql;
let world: SandboxWorld;
let discovery: DiscoveryServices;
let worker: RunningWorker<JobCatalog>;
let member: TestMember;
let campaignId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'discovery-test' });
  world = await startSandboxWorld({ failures: { slowPageMs: PAGE_TIMEOUT_MS * 3 } });
  await setSystemConfigValue(sql, 'scrape_page_timeout_ms', PAGE_TIMEOUT_MS);
  await setSystemConfigValue(sql, 'scrape_domain_delay_ms', 0);
  discovery = createDiscoveryServices({ providerKey: async () => null, baseUrls: {}, chromiumPath: undefined, userAgent: 'SwitchboardBot/test', log, sandboxWorld: world });
  worker = await startSwitchboardWorker({ sql, boss: createBoss(database.url, 'worker', { supervise: false }), log, jobs, discovery, pollingIntervalSeconds: 1 });
  member = await createMember(sql, { email: 'olive@discovery.test', role: 'operator', workspaceName: 'Discovery' });
  const campaign = await createCampaign(sql, {
    workspaceId: member.workspaceId,
    name: 'Austin and Denver trades',
    timeZone: 'America/Chicago',
    target: { queries: QUERIES, locations: LOCATIONS, categories: [], pagesPerQuery: 1, sources: ['search', 'places'] },
    createdBy: member.userId,
  });
  campaignId = campaign.id;
}, 60_000);

afterAll(async () => {
  await worker?.stop(2_000);
  await discovery?.close();
  await world?.close();
  await sql?.end();
  await database?.drop();
});

/** Runs every query × location on both sources, as discovery.start plans it. */
function runDiscovery(): Promise<DiscoveryProgress> {
  const tasks = QUERIES.flatMap((query) =>
    LOCATIONS.flatMap((location) => [
      { kind: 'search' as const, input: { query, location, page: 1 }, dedupeKey: `${query}|${location}|1` },
      { kind: 'places' as const, input: { query, location }, dedupeKey: `${query}|${location}` },
    ]),
  );
  return runDiscoveryToEnd(sql, worker, { workspaceId: member.workspaceId, userId: member.userId, campaignId }, tasks);
}

/** Ground truth: the businesses this campaign's searches and listings can reach. */
function expectedBusinesses(): { leads: SandboxBusiness[]; failedSites: string[] } {
  const matched = new Map<string, SandboxBusiness>();
  for (const query of QUERIES) for (const location of LOCATIONS) for (const business of world.matchBusinesses(`${query} ${location}`)) matched.set(business.id, business);
  const siteOf = (business: SandboxBusiness) => world.sites.find((site) => site.slug === business.siteSlug);
  const leads = [...matched.values()].filter((business) => business.placeId !== null || (business.inSearch && siteOf(business)?.outcome === 'ok'));
  const failedSites = [...matched.values()]
    .map((business) => ({ business, site: siteOf(business) }))
    .filter(({ business, site }) => site && site.outcome !== 'ok' && (business.placeId !== null || site.searchUrl !== null))
    .map(({ site }) => site!.outcome);
  return { leads, failedSites };
}

async function leadCounts() {
  const [counts]: [{ leads: number; sources: number; contacts: number }?] = await sql`
    select (select count(*)::int from leads where workspace_id = ${member.workspaceId}) as leads,
           (select count(*)::int from lead_sources where workspace_id = ${member.workspaceId}) as sources,
           (select count(*)::int from lead_contacts where workspace_id = ${member.workspaceId}) as contacts`;
  return counts!;
}

describe('discovery against the sandbox world', () => {
  let first: DiscoveryProgress;

  it('finds each reachable business once, merges listings with their websites and records every failed site', async () => {
    first = await runDiscovery();
    const expected = expectedBusinesses();
    const leads = await sql<{ name: string; phone: string | null; status: string; score: number; websiteReachable: boolean | null; sources: string[] }[]>`
      select l.name, l.phone, l.status, l.score, l.website_reachable as "websiteReachable",
             array(select distinct kind from lead_sources s where s.lead_id = l.id order by 1) as sources
      from leads l where l.workspace_id = ${member.workspaceId}`;

    expect(leads).toHaveLength(expected.leads.length);
    expect(new Set(leads.map((lead) => lead.phone))).toEqual(new Set(expected.leads.map((business) => business.phone)));
    // Nothing is left short of a human decision, and everything is scored.
    expect(leads.filter((lead) => !(lead.status === 'pending_review' && lead.score >= 0 && lead.score <= 100))).toEqual([]);
    // A listing whose site was read is one lead with both sources.
    expect(leads.filter((lead) => lead.sources.includes('places') && lead.sources.includes('website')).length).toBeGreaterThan(0);
    expect(first.leadsMerged).toBeGreaterThan(0);
    expect(first.leadsFound).toBe(expected.leads.length);

    const failedReasons = first.failures.filter((failure) => failure.kind === 'scrape').map((failure) => failure.reason.split(':')[0]);
    expect(failedReasons.sort()).toEqual([...expected.failedSites].sort());
    expect(first.failed).toBe(expected.failedSites.length);
    expect(first.pending + first.running + first.waitingQuota).toBe(0);
  }, 120_000);

  it('changes nothing when the same discovery runs again', async () => {
    const before = await leadCounts();
    const second = await runDiscovery();
    expect(await leadCounts()).toEqual(before);
    expect(second.leadsFound).toBe(0);
  }, 120_000);

  it('waits for the daily quota instead of failing when the search provider says it is used up', async () => {
    world.injectFailure('search', 'quota_day', 1);
    const { run, taskIds } = await createDiscoveryRun(sql, {
      workspaceId: member.workspaceId,
      campaignId,
      startedBy: member.userId,
      tasks: [{ kind: 'search', input: { query: 'plumber', location: 'Portland', page: 1 }, dedupeKey: 'plumber|portland|1' }],
    });
    await enqueueDiscoveryTasks(worker.enqueue, { workspaceId: member.workspaceId, runId: run.id }, taskIds.map((id) => ({ id, kind: 'search' as const })));
    const deadline = Date.now() + 10_000;
    let progress = await discoveryProgress(sql, member.workspaceId, run.id);
    while (progress?.waitingQuota !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      progress = await discoveryProgress(sql, member.workspaceId, run.id);
    }
    expect(progress).toMatchObject({ status: 'running', waitingQuota: 1, failed: 0 });
    expect(progress!.nextRetryAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('recovers a task whose job was lost, and leaves one whose job is only waiting', async () => {
    // The quota test above left its run waiting; a campaign has one open run at a time.
    await sql`update discovery_runs set status = 'cancelled' where campaign_id = ${campaignId} and status in ('running', 'paused')`;
    const { run, taskIds } = await createDiscoveryRun(sql, {
      workspaceId: member.workspaceId,
      campaignId,
      startedBy: member.userId,
      tasks: [
        { kind: 'places', input: { query: 'bakery', location: 'Portland' }, dedupeKey: 'bakery|portland' },
        { kind: 'places', input: { query: 'dentist', location: 'Portland' }, dedupeKey: 'dentist|portland' },
      ],
    });
    const [lost, waiting] = taskIds as [string, string];
    // The first never got its job (say the web process died after the commit); the second's job waits an hour.
    await enqueueDiscoveryTasks(worker.enqueue, { workspaceId: member.workspaceId, runId: run.id }, [{ id: waiting, kind: 'places', notBefore: new Date(Date.now() + 3_600_000) }]);
    await sql`update discovery_tasks set created_at = now() - interval '10 minutes' where run_id = ${run.id}`;

    await worker.enqueue('discovery.recover', {});
    const deadline = Date.now() + 20_000;
    let status: string | undefined;
    while (status !== 'done' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [task]: [{ status: string }?] = await sql`select status from discovery_tasks where id = ${lost}`;
      status = task?.status;
    }
    expect(status).toBe('done');
    const [queued]: [{ jobs: number }?] = await sql`
      select count(*)::int as jobs from pgboss.job where name = 'discovery.places' and data->>'taskId' = ${waiting}`;
    expect(queued?.jobs).toBe(1);
  }, 30_000);
});
