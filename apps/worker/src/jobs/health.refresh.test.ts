import { createLogger } from '@switchboard/core/logging';
import { createCampaign, createSql, createWorkspace, availableSlug, leadHealthSummary, listLeadHealth, type Publish, type Sql } from '@switchboard/db';
import { seedSentEmails, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import type { DiscoveryServices } from '../discovery/services.ts';
import { sandboxJobContext } from '../framework/job-context.testing.ts';
import { refreshWorkspaceHealth } from '../health/refresh-health.ts';
import { healthRefreshJob, healthRefreshWorkspaceJob } from './health.refresh.ts';

const log = createLogger({ name: 'health-refresh-test', level: 'silent', format: 'json' });
const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] as 'places'[] };
const DAY_MS = 86_400_000;

let database: TestDatabase;
let sql: Sql;
const published: { workspaceId: string | null; topic: string; payload: unknown }[] = [];
const publish: Publish = async (workspaceId, topic, payload) => {
  published.push({ workspaceId, topic, payload });
};

const noDiscovery = new Proxy({} as DiscoveryServices, {
  get: () => {
    throw new Error('health.refresh uses no discovery');
  },
});

/** The hourly sweep, or (with a workspace) a refresh asked for from that workspace's Health page. */
async function run(payload: { workspaceId?: string }): Promise<void> {
  const context = (queue: string) => sandboxJobContext({ queue, sql, log, publish, discovery: noDiscovery });
  if (payload.workspaceId === undefined) await healthRefreshJob.handler(healthRefreshJob.payload.parse({}), context(healthRefreshJob.queue));
  else await healthRefreshWorkspaceJob.handler(healthRefreshWorkspaceJob.payload.parse(payload), context(healthRefreshWorkspaceJob.queue));
}

/** A workspace whose campaign emailed `leads` leads, each once, `daysAgo` days ago. */
async function workspaceWithOutreach(name: string, leads: number, daysAgo: number): Promise<string> {
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name) });
  const campaign = await createCampaign(sql, { workspaceId: workspace.id, name, timeZone: 'UTC', target: TARGET, createdBy: null });
  const sentAt = new Date(Date.now() - daysAgo * DAY_MS);
  await seedSentEmails(sql, { workspaceId: workspace.id, campaignId: campaign.id, emails: Array.from({ length: leads }, (_, n) => ({ lead: `${name} lead ${n}`, sentAt })) });
  return workspace.id;
}

let busy: string;
let quiet: string;
let idle: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'health-refresh-test' });
  busy = await workspaceWithOutreach('Busy', 5, 2);
  quiet = await workspaceWithOutreach('Quiet', 2, 40);
  idle = (await createWorkspace(sql, { name: 'Idle', slug: await availableSlug(sql, 'Idle') })).id;
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('health.refresh', () => {
  it('runs hourly for every workspace', () => {
    expect(healthRefreshJob.schedule).toEqual({ cron: '23 * * * *', tz: 'UTC', payload: {} });
    expect(healthRefreshWorkspaceJob.schedule).toBeUndefined();
    expect(() => healthRefreshWorkspaceJob.payload.parse({ workspaceId: 'not-a-workspace' })).toThrow();
    expect(() => healthRefreshWorkspaceJob.payload.parse({})).toThrow();
  });

  it('scores the engaged leads of every workspace with outreach, announces it, and scores nothing again right after', async () => {
    await run({});
    expect(published).toEqual([
      { workspaceId: busy, topic: 'health.changed', payload: { scored: 5 } },
      { workspaceId: quiet, topic: 'health.changed', payload: { scored: 2 } },
    ].sort((x, y) => (x.workspaceId < y.workspaceId ? -1 : 1)));
    const rows = await listLeadHealth(sql, { workspaceId: busy, limit: 50 });
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.status === 'at_risk' && row.reasons[0] === '1 email unanswered with no reply yet')).toBe(true);
    expect((await leadHealthSummary(sql, busy)).refreshedAt).toEqual(expect.any(Date));
    expect((await leadHealthSummary(sql, idle)).refreshedAt).toBeNull();

    published.length = 0;
    await run({});
    expect(published).toEqual([]);
    const [refresh]: [{ leadsScored: number }?] = await sql`select leads_scored as "leadsScored" from workspace_health_refreshes where workspace_id = ${busy}`;
    expect(refresh!.leadsScored).toBe(5);
  });

  it('refreshes only the workspace asked for, after new activity', async () => {
    published.length = 0;
    const [lead]: [{ leadId: string }?] = await sql`select lead_id as "leadId" from sends where workspace_id = ${quiet} order by lead_id limit 1`;
    await sql`
      insert into lead_messages (workspace_id, lead_id, direction, kind, from_address, received_at, provider_event_id)
      values (${quiet}, ${lead!.leadId}, 'inbound', 'reply', 'lead@leads.test', now(), 'health-refresh-reply')`;
    await sql`update sends set opened_at = now(), updated_at = now() where workspace_id = ${busy}`;
    await run({ workspaceId: quiet });
    expect(published).toEqual([{ workspaceId: quiet, topic: 'health.changed', payload: { scored: 1 } }]);
    const [replied] = await listLeadHealth(sql, { workspaceId: quiet, status: 'healthy', limit: 5 });
    expect(replied).toMatchObject({ leadId: lead!.leadId, reasons: ['Replied today'] });
  });

  it('tells the page a refresh it asked for ran even when no score changed, so "last refreshed" moves', async () => {
    published.length = 0;
    await run({ workspaceId: quiet });
    expect(published).toEqual([{ workspaceId: quiet, topic: 'health.changed', payload: { scored: 0 } }]);
  });

  it('refreshes an unknown or deleted workspace as one with nothing to score', async () => {
    published.length = 0;
    await run({ workspaceId: '00000000-0000-4000-8000-000000000000' });
    expect(published).toEqual([]);
    expect(await sql`select 1 from workspace_health_refreshes where workspace_id = '00000000-0000-4000-8000-000000000000'`).toHaveLength(0);
  });

  it('walks a workspace in batches without missing or repeating a lead', async () => {
    const many = await workspaceWithOutreach('Many', 7, 1);
    expect(await refreshWorkspaceHealth({ sql }, { workspaceId: many, batch: 2 })).toEqual({ workspaceId: many, scored: 7, recorded: true });
    expect(await refreshWorkspaceHealth({ sql }, { workspaceId: many, batch: 2 })).toEqual({ workspaceId: many, scored: 0, recorded: true });
    // A day later every score is stale again.
    const dayLater = () => new Date(Date.now() + 25 * 3_600_000);
    expect(await refreshWorkspaceHealth({ sql, clock: dayLater }, { workspaceId: many, batch: 3 })).toEqual({ workspaceId: many, scored: 7, recorded: true });
  });
});
