import type { JobCatalog } from '@switchboard/core/jobs';
import { createLogger } from '@switchboard/core/logging';
import { createBoss, createCampaign, createSql, setSystemConfigValue, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createDiscoveryServices, type DiscoveryServices } from '../discovery/services.ts';
import type { RunningWorker } from '../framework/start-worker.ts';
import { startSwitchboardWorker } from '../worker.ts';
import { startSandboxWorld, type SandboxWorld } from '@switchboard/sandbox-world';
import { runDiscoveryToEnd } from './discovery-run.testing.ts';
import { jobs } from './index.ts';

const log = createLogger({ name: 'discovery-no-browser-test', level: 'silent', format: 'json' });

let database: TestDatabase;
let sql: Sql;
let world: SandboxWorld;
let discovery: DiscoveryServices;
let worker: RunningWorker<JobCatalog>;
let member: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'discovery-no-browser-test' });
  world = await startSandboxWorld();
  await setSystemConfigValue(sql, 'scrape_domain_delay_ms', 0);
  // A configured path that is not there is "no browser at all": the lookup tries nothing else.
  discovery = createDiscoveryServices({ providerKey: async () => null, baseUrls: {}, chromiumPath: '/nonexistent/chromium', userAgent: 'SwitchboardBot/test', log, sandboxWorld: world });
  worker = await startSwitchboardWorker({ sql, boss: createBoss(database.url, 'worker', { supervise: false }), log, jobs, discovery, pollingIntervalSeconds: 1 });
  member = await createMember(sql, { email: 'nora@no-browser.test', role: 'operator', workspaceName: 'No browser' });
}, 60_000);

afterAll(async () => {
  await worker?.stop(2_000);
  await discovery?.close();
  await world?.close();
  await sql?.end();
  await database?.drop();
});

it('keeps the leads search and listings found when there is no browser, and says once that websites were not scraped', async () => {
  const campaign = await createCampaign(sql, {
    workspaceId: member.workspaceId,
    name: 'Without a browser',
    timeZone: 'America/Chicago',
    target: { queries: ['dentist', 'bakery'], locations: ['Austin', 'Denver'], categories: [], pagesPerQuery: 1, sources: ['search', 'places'] },
    createdBy: member.userId,
  });
  const progress = await runDiscoveryToEnd(sql, worker, { workspaceId: member.workspaceId, userId: member.userId, campaignId: campaign.id }, [
    { kind: 'search', input: { query: 'dentist', location: 'Austin', page: 1 }, dedupeKey: 'dentist|Austin|1' },
    { kind: 'places', input: { query: 'bakery', location: 'Denver' }, dedupeKey: 'bakery|Denver' },
  ]);
  const searched = world.matchBusinesses('dentist Austin').filter((business) => business.inSearch);
  const listed = world.matchBusinesses('bakery Denver').filter((business) => business.placeId !== null);
  expect(searched.length + listed.length).toBeGreaterThan(1);

  expect(progress.failures).toEqual([expect.objectContaining({ kind: 'scrape', label: 'Every website', reason: expect.stringMatching(/^websites not scraped: no browser \(.*PLAYWRIGHT_CHROMIUM_PATH=\/nonexistent\/chromium/) })]);
  expect(progress.failed).toBe(1);
  const leads = await sql<{ status: string; websiteReachable: boolean | null; sources: string[] }[]>`
    select l.status, l.website_reachable as "websiteReachable", array(select distinct kind from lead_sources s where s.lead_id = l.id order by 1) as sources
    from leads l where l.workspace_id = ${member.workspaceId}`;
  // Every listing is a lead, and so is every site search found, though none was visited.
  expect(leads.filter((lead) => lead.sources.includes('places'))).toHaveLength(listed.length);
  expect(leads.filter((lead) => lead.sources.includes('website') && !lead.sources.includes('places')).length).toBeGreaterThan(0);
  expect(leads.every((lead) => lead.status === 'pending_review' && lead.websiteReachable !== false)).toBe(true);
}, 90_000);
