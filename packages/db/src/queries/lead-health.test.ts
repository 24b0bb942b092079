import { randomUUID } from 'node:crypto';
import { assessRelationshipHealth, RELATIONSHIP_HEALTH_STATUSES, type RelationshipHealthStatus } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { seedSentEmails, type TestDatabase } from '../testing/index.ts';
import { createCampaign } from './campaigns.ts';
import { addLeadMessage } from './lead-messages.ts';
import {
  findLeadHealth,
  leadHealthSummary,
  listLeadHealth,
  readStaleRelationshipSignals,
  recordHealthRefresh,
  saveLeadHealth,
  workspacesWithOutreach,
  type LeadRelationshipSignals,
} from './lead-health.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] as 'places'[] };
const DAY_MS = 86_400_000;

let database: TestDatabase;
let sql: Sql;

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

async function workspaceWithCampaign(name: string): Promise<{ workspaceId: string; campaignId: string }> {
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name) });
  const campaign = await createCampaign(sql, { workspaceId: workspace.id, name: `${name} campaign`, timeZone: 'UTC', target: TARGET, createdBy: null });
  return { workspaceId: workspace.id, campaignId: campaign.id };
}

async function inbound(workspaceId: string, leadId: string, kind: 'reply' | 'out_of_office' | 'unsubscribe_request', receivedAt: Date): Promise<void> {
  await addLeadMessage(sql, { workspaceId, leadId, sendId: null, direction: 'inbound', kind, fromAddress: 'lead@leads.test', subject: 'Re', text: 'Hi', receivedAt, providerEventId: randomUUID() });
}

let attempt = 0;
/** A call as the scheduler and Vapi leave it: placed (dialing_at) unless `placedAt` is null, answered when `answeredAt` is given. */
async function call(workspaceId: string, campaignId: string, leadId: string, input: { placedAt: Date | null; answeredAt?: Date }): Promise<void> {
  attempt += 1;
  const status = input.placedAt === null ? 'queued' : input.answeredAt ? 'completed' : 'no_answer';
  await sql`
    insert into calls (workspace_id, campaign_id, lead_id, to_number, phone_number_id, attempt, attempt_key, status, dialing_at, answered_at, ended_at)
    values (${workspaceId}, ${campaignId}, ${leadId}, ${`+1512555${String(attempt).padStart(4, '0')}`}, 'pn-health', ${attempt}, ${randomUUID()}, ${status},
            ${input.placedAt}, ${input.answeredAt ?? null}, ${input.placedAt ? new Date(input.placedAt.getTime() + 120_000) : null})`;
}

async function lead(workspaceId: string, campaignId: string, name: string): Promise<string> {
  const [row]: [{ id: string }?] = await sql`insert into leads (workspace_id, campaign_id, name) values (${workspaceId}, ${campaignId}, ${name}) returning id`;
  return row!.id;
}

function byLead(rows: LeadRelationshipSignals[]): Map<string, LeadRelationshipSignals> {
  return new Map(rows.map((row) => [row.leadId, row]));
}

async function saveAll(workspaceId: string, rows: LeadRelationshipSignals[], now: Date): Promise<number> {
  return saveLeadHealth(sql, { workspaceId, computedAt: now, rows: rows.map(({ leadId, ...signals }) => ({ leadId, signals, health: assessRelationshipHealth(signals, now) })) });
}

let a: { workspaceId: string; campaignId: string };
let b: { workspaceId: string; campaignId: string };
let ann: string;
let bob: string;
let cy: string;
let dee: string;
let eve: string;
let other: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'lead-health-test' });
  a = await workspaceWithCampaign('Health A');
  b = await workspaceWithCampaign('Health B');
  // Ann: emailed 30, 20 and 10 days ago and replied in between (25 days ago); one email opened and clicked.
  // Bob: one email that bounced, a call answered 4 days ago and one unanswered 2 days ago.
  // Dee: an email still queued (not outreach yet).
  const seeded = await seedSentEmails(sql, {
    workspaceId: a.workspaceId,
    campaignId: a.campaignId,
    emails: [
      { lead: 'Ann', stepId: 's1', sentAt: daysAgo(30), delivery: 'delivered' },
      { lead: 'Ann', stepId: 's2', sentAt: daysAgo(20), delivery: 'delivered' },
      { lead: 'Ann', stepId: 's3', sentAt: daysAgo(10) },
      { lead: 'Bob', stepId: 's1', sentAt: daysAgo(5), delivery: 'bounced' },
      { lead: 'Dee', stepId: 's1', sentAt: null },
    ],
  });
  [ann, bob, dee] = [seeded.leadIds.get('Ann')!, seeded.leadIds.get('Bob')!, seeded.leadIds.get('Dee')!];
  await sql`update sends set opened_at = sent_at + interval '1 hour', clicked_at = sent_at + interval '2 hours' where id = ${seeded.sendIds[1]!}`;
  await inbound(a.workspaceId, ann, 'reply', daysAgo(25));
  await call(a.workspaceId, a.campaignId, bob, { placedAt: daysAgo(4), answeredAt: new Date(daysAgo(4).getTime() + 20_000) });
  await call(a.workspaceId, a.campaignId, bob, { placedAt: daysAgo(2) });
  // Cy: never written to by this workspace's sequences, but an auto-reply and a request to stop came in.
  cy = await lead(a.workspaceId, a.campaignId, 'Cy');
  await inbound(a.workspaceId, cy, 'out_of_office', daysAgo(3));
  await inbound(a.workspaceId, cy, 'unsubscribe_request', daysAgo(1));
  // Eve: a call queued, never placed.
  eve = await lead(a.workspaceId, a.campaignId, 'Eve');
  await call(a.workspaceId, a.campaignId, eve, { placedAt: null });
  // Workspace B: its own lead with outreach, and a stray message that names A's lead under B's id.
  other = (await seedSentEmails(sql, { workspaceId: b.workspaceId, campaignId: b.campaignId, emails: [{ lead: 'Other', sentAt: daysAgo(1) }] })).leadIds.get('Other')!;
  await inbound(b.workspaceId, ann, 'reply', daysAgo(1));
  await sql`analyze`;
}, 60_000);

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('relationship signals', () => {
  it('reads the engaged leads only, with their counts, last times and touches since the last response, from this workspace alone', async () => {
    const now = new Date();
    const rows = await readStaleRelationshipSignals(sql, { workspaceId: a.workspaceId, afterLeadId: null, limit: 100, maxAgeHours: 24, now });
    expect(rows.map((row) => row.leadId)).toEqual([ann, bob, cy].sort());
    const signals = byLead(rows);
    expect(signals.get(ann)).toEqual({
      leadId: ann, emailsSent: 3, lastEmailSentAt: expect.any(Date), emailsOpened: 1, emailsClicked: 1, bounces: 0, complaints: 0,
      replies: 1, lastReplyAt: expect.any(Date), autoReplies: 0, unsubscribeRequested: false,
      callsPlaced: 0, callsAnswered: 0, lastCallAt: null, lastAnsweredCallAt: null,
      // The emails of 20 and 10 days ago came after the reply of 25 days ago (B's stray reply is not A's).
      touchesSinceLastResponse: 2,
    });
    expect(Math.round((now.getTime() - signals.get(ann)!.lastEmailSentAt!.getTime()) / DAY_MS)).toBe(10);
    expect(Math.round((now.getTime() - signals.get(ann)!.lastReplyAt!.getTime()) / DAY_MS)).toBe(25);
    // The answered call is a response: only the unanswered call after it is a touch since.
    expect(signals.get(bob)).toMatchObject({ emailsSent: 1, bounces: 1, replies: 0, callsPlaced: 2, callsAnswered: 1, touchesSinceLastResponse: 1 });
    expect(Math.round((now.getTime() - signals.get(bob)!.lastCallAt!.getTime()) / DAY_MS)).toBe(2);
    expect(Math.round((now.getTime() - signals.get(bob)!.lastAnsweredCallAt!.getTime()) / DAY_MS)).toBe(4);
    expect(signals.get(cy)).toMatchObject({ emailsSent: 0, replies: 0, autoReplies: 1, unsubscribeRequested: true, callsPlaced: 0, touchesSinceLastResponse: 0, lastEmailSentAt: null });

    const fromB = await readStaleRelationshipSignals(sql, { workspaceId: b.workspaceId, afterLeadId: null, limit: 100, maxAgeHours: 24, now });
    // B's stray message names A's lead: it is B's row, so B reads it, and A's sends never join it.
    expect(fromB.map((row) => row.leadId).sort()).toEqual([other, ann].sort());
    expect(byLead(fromB).get(ann)).toMatchObject({ emailsSent: 0, replies: 1 });
    expect(rows.map((row) => row.leadId)).not.toContain(dee);
    expect(rows.map((row) => row.leadId)).not.toContain(eve);
  });

  it('pages by lead id after the cursor', async () => {
    const now = new Date();
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: LeadRelationshipSignals[] = await readStaleRelationshipSignals(sql, { workspaceId: a.workspaceId, afterLeadId: after, limit: 2, maxAgeHours: 24, now });
      seen.push(...page.map((row) => row.leadId));
      if (page.length < 2) break;
      after = page.at(-1)!.leadId;
    }
    expect(seen).toEqual([ann, bob, cy].sort());
  });

  it('skips fresh scores, and reads a lead again after new activity or once its score is older than the max age', async () => {
    const now = new Date();
    const read = (at: Date) => readStaleRelationshipSignals(sql, { workspaceId: a.workspaceId, afterLeadId: null, limit: 100, maxAgeHours: 24, now: at });
    expect(await saveAll(a.workspaceId, await read(now), now)).toBe(3);
    expect(await read(now)).toEqual([]);

    await inbound(a.workspaceId, bob, 'reply', new Date());
    const again = await read(new Date());
    expect(again.map((row) => row.leadId)).toEqual([bob]);
    expect(again[0]).toMatchObject({ replies: 1, touchesSinceLastResponse: 0 });
    await saveAll(a.workspaceId, again, new Date());
    // An open recorded on a sent email is activity too (it moves the send's updated_at).
    await sql`update sends set opened_at = now(), updated_at = now() where lead_id = ${ann} and step_id = 's3'`;
    expect((await read(new Date())).map((row) => row.leadId)).toEqual([ann]);
    await saveAll(a.workspaceId, await read(new Date()), new Date());
    expect(await read(new Date())).toEqual([]);

    const dayLater = new Date(Date.now() + 25 * 3_600_000);
    expect((await read(dayLater)).map((row) => row.leadId)).toEqual([ann, bob, cy].sort());
  });

  it('writes only the workspace’s own leads, and a second write of the same rows changes nothing but their time', async () => {
    const now = new Date();
    const rows = await readStaleRelationshipSignals(sql, { workspaceId: a.workspaceId, afterLeadId: null, limit: 100, maxAgeHours: 0, now });
    const [first] = rows;
    const health = assessRelationshipHealth(first!, now);
    // B's lead under A's id is not written.
    expect(await saveLeadHealth(sql, { workspaceId: a.workspaceId, computedAt: now, rows: [{ leadId: other, signals: first!, health }] })).toBe(0);
    expect(await findLeadHealth(sql, b.workspaceId, other)).toBeNull();
    expect(await saveAll(a.workspaceId, rows, now)).toBe(3);
    expect(await saveAll(a.workspaceId, rows, now)).toBe(3);
    const stored = await findLeadHealth(sql, a.workspaceId, bob);
    const bobHealth = assessRelationshipHealth(byLead(rows).get(bob)!, now);
    expect(stored).toEqual({
      leadId: bob, leadName: 'Bob', leadStatus: 'discovered', score: bobHealth.score, status: 'critical', reasons: bobHealth.reasons,
      touchesSinceLastResponse: 0, lastTouchAt: bobHealth.lastTouchAt, lastResponseAt: bobHealth.lastResponseAt, computedAt: now,
    });
    expect(stored!.reasons[0]).toBe('An email bounced');
    expect(await findLeadHealth(sql, b.workspaceId, bob)).toBeNull();
  });

  it('lists the workspaces with outreach', async () => {
    const idle = await createWorkspace(sql, { name: 'Idle', slug: await availableSlug(sql, 'Idle') });
    const listed = await workspacesWithOutreach(sql);
    expect(listed).toEqual(expect.arrayContaining([a.workspaceId, b.workspaceId]));
    expect(listed).not.toContain(idle.id);
  });
});

describe('the health list', () => {
  let workspaceId: string;
  let leads: { id: string; score: number; status: RelationshipHealthStatus }[];

  beforeAll(async () => {
    const { workspaceId: id, campaignId } = await workspaceWithCampaign('Health list');
    workspaceId = id;
    leads = [];
    // 40 leads, several sharing a score, so the keyset's lead id tie-break matters.
    for (let n = 0; n < 40; n += 1) {
      const leadId = await lead(workspaceId, campaignId, `Lead ${n}`);
      leads.push({ id: leadId, score: (n * 7) % 10 * 10, status: RELATIONSHIP_HEALTH_STATUSES[n % 4]! });
    }
    await sql`
      insert into lead_health (lead_id, workspace_id, score, status, reasons, signals, computed_at)
      select id, ${workspaceId}, score, status, '["Replied today"]', '{}', now()
      from unnest(${leads.map((row) => row.id)}::uuid[], ${leads.map((row) => row.score)}::int[], ${leads.map((row) => row.status)}::text[]) as r(id, score, status)`;
  });

  const expected = (status?: RelationshipHealthStatus) =>
    leads.filter((row) => !status || row.status === status).sort((x, y) => x.score - y.score || (x.id < y.id ? -1 : 1)).map((row) => row.id);

  it('lists worst first, pages by (score, lead id) without skipping or repeating, and filters by status', async () => {
    for (const status of [undefined, 'ghost'] as const) {
      const seen: string[] = [];
      let after: { score: number; leadId: string } | undefined;
      for (;;) {
        const page = await listLeadHealth(sql, { workspaceId, status, after, limit: 7 });
        seen.push(...page.map((row) => row.leadId));
        if (page.length < 7) break;
        after = { score: page.at(-1)!.score, leadId: page.at(-1)!.leadId };
      }
      expect(seen).toEqual(expected(status));
    }
    const [first] = await listLeadHealth(sql, { workspaceId, limit: 1 });
    expect(first).toMatchObject({ score: 0, reasons: ['Replied today'], leadName: expect.stringMatching(/^Lead /), leadStatus: 'discovered' });
    expect(await listLeadHealth(sql, { workspaceId: a.workspaceId, status: 'ghost', limit: 50 })).toEqual([]);
  });

  it('counts each status as of the last refresh and says when that was', async () => {
    // Scores are written by a refresh, which then records its counts: before that the tiles show none.
    expect(await leadHealthSummary(sql, workspaceId)).toEqual({ counts: { healthy: 0, at_risk: 0, critical: 0, ghost: 0 }, refreshedAt: null });
    const refreshedAt = new Date('2026-11-30T10:00:00Z');
    expect(await recordHealthRefresh(sql, { workspaceId, refreshedAt })).toBe(true);
    expect(await leadHealthSummary(sql, workspaceId)).toEqual({ counts: { healthy: 10, at_risk: 10, critical: 10, ghost: 10 }, refreshedAt });
    // A lead deleted since leaves the tiles as they were until the next refresh counts again.
    const [gone]: [{ leadId: string }?] = await sql`select lead_id as "leadId" from lead_health where workspace_id = ${workspaceId} and status = 'ghost' limit 1`;
    await sql`delete from leads where id = ${gone!.leadId}`;
    expect((await leadHealthSummary(sql, workspaceId)).counts.ghost).toBe(10);
    const later = new Date('2026-11-30T11:00:00Z');
    await recordHealthRefresh(sql, { workspaceId, refreshedAt: later });
    expect(await leadHealthSummary(sql, workspaceId)).toEqual({ counts: { healthy: 10, at_risk: 10, critical: 10, ghost: 9 }, refreshedAt: later });
    const [stored]: [{ leadsScored: number }?] = await sql`select leads_scored as "leadsScored" from workspace_health_refreshes where workspace_id = ${workspaceId}`;
    expect(stored!.leadsScored).toBe(39);
    const idle = await createWorkspace(sql, { name: 'Idle health', slug: await availableSlug(sql, 'Idle health') });
    expect(await leadHealthSummary(sql, idle.id)).toEqual({ counts: { healthy: 0, at_risk: 0, critical: 0, ghost: 0 }, refreshedAt: null });
  });
});
