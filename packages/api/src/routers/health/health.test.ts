import { LEAD_STATUS_LABELS, type RelationshipHealthStatus } from '@switchboard/core';
import { createBoss, createCampaign, createJobEnqueue, createSql, type PgBoss, type Sql } from '@switchboard/db';
import { seedLeadHealth, seedSentEmails, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createCaller } from '../../root.ts';
import { testContext } from '../../testing/context.ts';
import { callerAs } from '../../testing/test-workspace.ts';

let database: TestDatabase;
let sql: Sql;
let boss: PgBoss;
let operator: TestMember;
let viewer: TestMember;
let admin: TestMember;
let stranger: TestMember;
/** Acme's scored leads by name, and the one lead it has not scored yet. */
const acme = new Map<string, string>();
let unscored: string;
let globexLead: string;
const TARGET = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
const REFRESHED_AT = new Date('2026-11-30T09:00:00.000Z');

/** Acme's leads as stored by a refresh: three share the score 30, so paging must break ties by lead id. */
const SCORED: { name: string; score: number; status: RelationshipHealthStatus }[] = [
  { name: 'Ann Plumbing', score: 8, status: 'critical' },
  { name: 'Bob Plumbing', score: 22, status: 'ghost' },
  { name: 'Cid Plumbing', score: 30, status: 'at_risk' },
  { name: 'Dee Plumbing', score: 30, status: 'at_risk' },
  { name: 'Eve Plumbing', score: 30, status: 'at_risk' },
  { name: 'Fay Plumbing', score: 64, status: 'healthy' },
  { name: 'Gus Plumbing', score: 91, status: 'healthy' },
];

async function score(workspaceId: string, leads: { leadId: string; score: number; status: RelationshipHealthStatus }[]) {
  await seedLeadHealth(sql, { workspaceId, at: REFRESHED_AT, rows: leads.map((lead) => ({ ...lead, touches: 2, reasons: [`Scored ${lead.score}.`, 'No reply yet.'] })) });
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'health-test' });
  boss = createBoss(database.url, 'producer');
  await boss.start();
  operator = await createMember(sql, { email: 'olive@acme.test', role: 'operator', workspaceName: 'Acme' });
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceId: operator.workspaceId });
  stranger = await createMember(sql, { email: 'gus@globex.test', role: 'admin', workspaceName: 'Globex' });

  const campaignId = (await createCampaign(sql, { workspaceId: operator.workspaceId, name: 'Plumbers', timeZone: 'UTC', target: TARGET, createdBy: null })).id;
  const { leadIds } = await seedSentEmails(sql, { workspaceId: operator.workspaceId, campaignId, emails: [...SCORED.map((lead) => ({ lead: lead.name, sentAt: REFRESHED_AT })), { lead: 'New Plumbing', sentAt: null }] });
  for (const lead of SCORED) acme.set(lead.name, leadIds.get(lead.name)!);
  unscored = leadIds.get('New Plumbing')!;
  await score(operator.workspaceId, SCORED.map((lead) => ({ leadId: acme.get(lead.name)!, score: lead.score, status: lead.status })));
  worstFirst = [...SCORED].sort((a, b) => a.score - b.score || (acme.get(a.name)! < acme.get(b.name)! ? -1 : 1)).map((lead) => lead.name);

  // Globex's worst lead scores lower than any of Acme's: it would head Acme's list if the workspace were not checked.
  const globexCampaign = (await createCampaign(sql, { workspaceId: stranger.workspaceId, name: 'Globex plumbers', timeZone: 'UTC', target: TARGET, createdBy: null })).id;
  globexLead = (await seedSentEmails(sql, { workspaceId: stranger.workspaceId, campaignId: globexCampaign, emails: [{ lead: 'Globex secret', sentAt: REFRESHED_AT }] })).leadIds.get('Globex secret')!;
  await score(stranger.workspaceId, [{ leadId: globexLead, score: 1, status: 'critical' }]);
});

afterAll(async () => {
  await boss.stop();
  await sql.end();
  await database.drop();
});

const names = (rows: { leadName: string }[]) => rows.map((row) => row.leadName);
/** Acme's lead names in the order the page lists them: score, then lead id (known once beforeAll has run). */
let worstFirst: string[];

describe('health.summary', () => {
  it('counts the workspace’s scored leads per status, with labels, and says when they were refreshed', async () => {
    expect(await callerAs(sql, viewer, 'viewer').health.summary()).toEqual({
      statuses: [
        { status: 'healthy', label: 'Healthy', count: 2 },
        { status: 'at_risk', label: 'At risk', count: 3 },
        { status: 'critical', label: 'Critical', count: 1 },
        { status: 'ghost', label: 'Ghosting', count: 1 },
      ],
      total: 7,
      refreshedAt: REFRESHED_AT.toISOString(),
    });
    expect((await callerAs(sql, stranger, 'admin').health.summary()).total).toBe(1);
  });

  it('says a workspace never refreshed has no scores and no refresh time', async () => {
    const lonely = await createMember(sql, { email: 'lee@lonely.test', role: 'operator', workspaceName: 'Lonely' });
    const summary = await callerAs(sql, lonely, 'operator').health.summary();
    expect(summary).toMatchObject({ total: 0, refreshedAt: null });
    expect(summary.statuses.map((entry) => entry.count)).toEqual([0, 0, 0, 0]);
  });
});

describe('health.list', () => {
  it('lists the workspace’s scored leads worst first, with their status and lead status in words and the times as ISO strings', async () => {
    const { rows, nextCursor } = await callerAs(sql, admin, 'admin').health.list({});
    expect(nextCursor).toBeNull();
    expect(names(rows)).toEqual(worstFirst);
    expect(rows[0]).toEqual({
      leadId: acme.get('Ann Plumbing'),
      leadName: 'Ann Plumbing',
      leadStatus: 'discovered',
      leadStatusLabel: LEAD_STATUS_LABELS.discovered,
      score: 8,
      status: 'critical',
      statusLabel: 'Critical',
      reasons: ['Scored 8.', 'No reply yet.'],
      touchesSinceLastResponse: 2,
      lastTouchAt: REFRESHED_AT.toISOString(),
      lastResponseAt: null,
      computedAt: REFRESHED_AT.toISOString(),
    });
  });

  it('pages worst first by cursor without skipping or repeating leads of equal score, and says when there is no next page', async () => {
    const caller = callerAs(sql, operator, 'operator');
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await caller.health.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(names(page.rows));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([worstFirst.slice(0, 2), worstFirst.slice(2, 4), worstFirst.slice(4, 6), worstFirst.slice(6)]);
    // A page that ends exactly at the last row has no next page; one short of it pages after its own last row.
    expect((await caller.health.list({ limit: 7 })).nextCursor).toBeNull();
    expect((await caller.health.list({ limit: 6 })).nextCursor).toBe(`64.${acme.get('Fay Plumbing')}`);
  });

  it('filters by status, and pages within it', async () => {
    const caller = callerAs(sql, viewer, 'viewer');
    const atRisk = worstFirst.filter((name) => SCORED.find((lead) => lead.name === name)!.status === 'at_risk');
    expect(names((await caller.health.list({ status: 'at_risk' })).rows)).toEqual(atRisk);
    const first = await caller.health.list({ status: 'at_risk', limit: 2 });
    expect(names(first.rows)).toEqual(atRisk.slice(0, 2));
    expect(names((await caller.health.list({ status: 'at_risk', limit: 2, cursor: first.nextCursor! })).rows)).toEqual(atRisk.slice(2));
    expect(names((await caller.health.list({ status: 'ghost' })).rows)).toEqual(['Bob Plumbing']);
  });

  it('never lists another workspace’s leads; another workspace’s lead id in a cursor is only a position', async () => {
    const caller = callerAs(sql, admin, 'admin');
    expect(names((await caller.health.list({ limit: 100 })).rows)).not.toContain('Globex secret');
    const position = { score: 30, leadId: globexLead };
    const after = worstFirst.filter((name) => {
      const lead = SCORED.find((entry) => entry.name === name)!;
      return lead.score > position.score || (lead.score === position.score && acme.get(name)! > position.leadId);
    });
    expect(names((await caller.health.list({ cursor: `30.${globexLead}` })).rows)).toEqual(after);
    expect(names((await callerAs(sql, stranger, 'admin').health.list({})).rows)).toEqual(['Globex secret']);
  });

  it.each([
    [{ limit: 0 }, 'The page size must be at least 1.'],
    [{ limit: 101 }, 'The page size can be at most 100.'],
    [{ limit: 2.5 }, 'The page size must be a whole number.'],
    [{ limit: '10' }, 'The page size must be a number.'],
    [{ status: 'fine' }, 'That is not a health status.'],
    [{ cursor: 'garbage' }, 'That page link is not valid; start from the first page.'],
    [{ cursor: `-1.${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}` }, 'That page link is not valid; start from the first page.'],
    [{ cursor: `101.${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}` }, 'That page link is not valid; start from the first page.'],
    [{ cursor: '30.not-a-lead' }, 'That page link is not valid; start from the first page.'],
  ])('refuses %j with a 400 that says why', async (input, message) => {
    await expect(callerAs(sql, viewer, 'viewer').health.list(input as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(message) });
  });
});

describe('health.forLead', () => {
  it('answers a lead’s stored health, null before its first scoring, and NOT_FOUND for another workspace’s lead', async () => {
    const caller = callerAs(sql, viewer, 'viewer');
    expect(await caller.health.forLead({ leadId: acme.get('Fay Plumbing')! })).toMatchObject({ score: 64, status: 'healthy', statusLabel: 'Healthy', reasons: ['Scored 64.', 'No reply yet.'], computedAt: REFRESHED_AT.toISOString() });
    expect(await caller.health.forLead({ leadId: unscored })).toBeNull();
    await expect(caller.health.forLead({ leadId: globexLead })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'That lead does not exist in this workspace.' });
    await expect(caller.health.forLead({ leadId: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('That is not a lead id.') });
  });
});

describe('access', () => {
  it('lets every member read, and refuses anonymous callers', async () => {
    for (const [member, role] of [[viewer, 'viewer'], [operator, 'operator'], [admin, 'admin']] as const) {
      await expect(callerAs(sql, member, role).health.list({ limit: 1 })).resolves.toMatchObject({ rows: [expect.any(Object)] });
    }
    const anonymous = createCaller(testContext(sql));
    await expect(anonymous.health.summary()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.health.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.health.refresh()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('lets operators and admins ask for a refresh, not viewers', async () => {
    const recorded = testContext(sql, { user: { id: admin.userId, email: admin.email, role: 'admin' }, workspace: { id: admin.workspaceId, name: 'Acme', slug: 'acme' } });
    await expect(createCaller(recorded).health.refresh()).resolves.toEqual({ queued: true });
    expect(recorded.enqueued).toEqual([{ queue: 'health.refresh-workspace', payload: { workspaceId: admin.workspaceId } }]);
    await expect(callerAs(sql, viewer, 'viewer').health.refresh()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('health.refresh', () => {
  it('queues one refresh of the workspace for five requests at once, answers the others that one is already queued, and keeps workspaces apart', async () => {
    const enqueue = createJobEnqueue(boss);
    const operatorCaller = callerAs(sql, operator, 'operator', { enqueue });
    const answers = await Promise.all(Array.from({ length: 5 }, () => operatorCaller.health.refresh()));
    expect(answers.filter((answer) => answer.queued)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.queued)).toHaveLength(4);
    await expect(callerAs(sql, admin, 'admin', { enqueue }).health.refresh()).resolves.toEqual({ queued: false });
    await expect(callerAs(sql, stranger, 'admin', { enqueue }).health.refresh()).resolves.toEqual({ queued: true });

    const queued = (await boss.findJobs('health.refresh-workspace')).filter((job) => job.state === 'created');
    expect(queued.map((job) => job.data).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [{ workspaceId: operator.workspaceId }, { workspaceId: stranger.workspaceId }].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );

    // Once the worker has started the queued refresh, asking again queues the next one.
    const started = await boss.fetch('health.refresh-workspace', { batchSize: 10 });
    expect(started).toHaveLength(2);
    await expect(operatorCaller.health.refresh()).resolves.toEqual({ queued: true });
  });
});
