import { createSql, listAudit, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createCaller } from '../../root.ts';
import { testContext } from '../../testing/context.ts';

let database: TestDatabase;
let sql: Sql;
let operator: TestMember;
let viewer: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'campaigns-test' });
  operator = await createMember(sql, { email: 'olive@acme.test', role: 'operator', workspaceName: 'Acme' });
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const workspace = () => ({ id: operator.workspaceId, name: 'Acme', slug: 'acme' });
const asOperator = () => createCaller(testContext(sql, { user: { id: operator.userId, email: operator.email, role: 'operator' }, workspace: workspace() }));
const asViewer = () => createCaller(testContext(sql, { user: { id: viewer.userId, email: viewer.email, role: 'viewer' }, workspace: workspace() }));

const plumbers = {
  name: 'Austin plumbers',
  description: 'Small plumbing firms',
  timeZone: 'America/Chicago',
  target: { queries: ['plumber', 'emergency plumbing'], locations: ['Austin', 'Round Rock'], pagesPerQuery: 2 },
};

describe('campaigns', () => {
  it('creates a draft campaign owned by its creator, lists it with lead counts and says how big its discovery would be', async () => {
    const created = await asOperator().campaigns.create(plumbers);
    expect(created).toMatchObject({ name: 'Austin plumbers', status: 'draft', ownerUserId: operator.userId, timeZone: 'America/Chicago' });
    expect(created.target).toMatchObject({ queries: ['plumber', 'emergency plumbing'], sources: ['search', 'places'], categories: [] });

    const listed = await asViewer().campaigns.list();
    expect(listed.map((campaign) => [campaign.name, campaign.leadCount, campaign.pendingReviewCount])).toEqual([['Austin plumbers', 0, 0]]);

    // 2 queries × 2 locations × 2 pages of web search, and 2 × 2 listing searches.
    const fetched = await asViewer().campaigns.get({ id: created.id });
    expect(fetched.discoveryPlan).toEqual({ total: 12, search: 8, places: 4 });

    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'campaign.create', limit: 5 });
    expect(entry).toMatchObject({ actorLabel: 'olive@acme.test', targetId: created.id });
  });

  it('refuses a target without queries and an unknown time zone, with the reasons', async () => {
    await expect(asOperator().campaigns.create({ ...plumbers, target: { queries: [] } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(asOperator().campaigns.create({ ...plumbers, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('updates only the fields given and records what changed', async () => {
    const created = await asOperator().campaigns.create({ ...plumbers, name: 'To rename' });
    const updated = await asOperator().campaigns.update({ id: created.id, name: 'Renamed' });
    expect(updated).toMatchObject({ name: 'Renamed', description: 'Small plumbing firms', timeZone: 'America/Chicago' });
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'campaign.update', limit: 5 });
    expect(entry?.summary).toMatchObject({ changed: ['name'] });
  });

  it('moves through the status machine, audits each step as campaign.<event>, and explains a step that does not apply', async () => {
    const { id } = await asOperator().campaigns.create({ ...plumbers, name: 'Lifecycle' });
    expect((await asOperator().campaigns.setStatus({ id, event: 'activate' })).status).toBe('active');
    expect((await asOperator().campaigns.setStatus({ id, event: 'pause' })).status).toBe('paused');
    await expect(asOperator().campaigns.setStatus({ id, event: 'pause' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'A campaign that is paused cannot be paused.',
    });
    expect((await asOperator().campaigns.setStatus({ id, event: 'archive' })).status).toBe('archived');
    const actions = (await listAudit(sql, { workspaceId: operator.workspaceId, limit: 50 }))
      .filter((entry) => entry.targetId === id)
      .map((entry) => entry.action);
    expect(actions).toEqual(['campaign.archive', 'campaign.pause', 'campaign.activate', 'campaign.create']);
  });

  it('keeps viewers to reading', async () => {
    await expect(asViewer().campaigns.create(plumbers)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
