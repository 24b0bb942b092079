import { DEFAULT_SCORE_WEIGHTS, defaultSequence, type LeadCandidate } from '@switchboard/core';
import { getLead, listAudit, mergeLeadCandidates, type Sql } from '@switchboard/db';
import { seedQueuedCalls } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { outreachCampaign, outreachMailbox } from '../../../../../tests/outreach-campaign.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let viewer: TestMember;

beforeAll(async () => {
  acme = await openTestWorkspace('campaigns-test');
  ({ sql, operator } = acme);
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
});

afterAll(() => acme.close());

const asOperator = () => callerAs(sql, operator, 'operator');
const asViewer = () => callerAs(sql, viewer, 'viewer');

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

  it('refuses text with a NUL character (which Postgres cannot store) with BAD_REQUEST, not a 500', async () => {
    await expect(asOperator().campaigns.create({ ...plumbers, name: 'Austin\u0000plumbers' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(asOperator().campaigns.create({ ...plumbers, description: 'Small\u0000firms' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(asOperator().campaigns.create({ ...plumbers, target: { queries: ['plumb\u0000er'] } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const created = await asOperator().campaigns.create({ ...plumbers, name: 'NUL checks' });
    await expect(asOperator().campaigns.update({ id: created.id, target: { queries: ['plumber'], locations: ['Aus\u0000tin'] } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('updates only the fields given and records what changed', async () => {
    const created = await asOperator().campaigns.create({ ...plumbers, name: 'To rename' });
    const updated = await asOperator().campaigns.update({ id: created.id, name: 'Renamed' });
    expect(updated).toMatchObject({ name: 'Renamed', description: 'Small plumbing firms', timeZone: 'America/Chicago' });
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'campaign.update', limit: 5 });
    expect(entry?.summary).toMatchObject({ changed: ['name'] });
  });

  it('rescores the campaign’s stored leads when its weights or categories change, and says so in the audit entry', async () => {
    const created = await asOperator().campaigns.create({ ...plumbers, name: 'Rescored' });
    const other = await asOperator().campaigns.create({ ...plumbers, name: 'Left alone' });
    const phoneOnly = (name: string, phone: string): LeadCandidate => ({ name, phone, category: 'Plumber', city: 'Austin', source: { kind: 'places', ref: `place-${phone}`, evidence: {} } });
    const [ours] = (await mergeLeadCandidates(sql, { workspaceId: operator.workspaceId, campaignId: created.id, candidates: [phoneOnly('Phone Only Plumbing', '+15125550111')] })).leads;
    const [theirs] = (await mergeLeadCandidates(sql, { workspaceId: operator.workspaceId, campaignId: other.id, candidates: [phoneOnly('Other Plumbing', '+15125550112')] })).leads;
    const stored = async (leadId: string) => (await getLead(sql, operator.workspaceId, leadId))!;
    const before = await stored(ours!.leadId);
    const theirsBefore = await stored(theirs!.leadId);

    await asOperator().campaigns.update({ id: created.id, scoreWeights: { phone: 100 } });
    const weighted = await stored(ours!.leadId);
    expect(weighted.score).toBeGreaterThan(before.score);
    expect(weighted.scoreReasons.find((reason) => reason.code === 'phone')).toMatchObject({ points: 100, max: 100 });
    expect((await stored(theirs!.leadId)).score).toBe(theirsBefore.score);
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'campaign.update', limit: 1 });
    expect(entry?.summary).toEqual({ name: 'Rescored', changed: ['scoreWeights'], weights: { phone: { from: DEFAULT_SCORE_WEIGHTS.phone, to: 100 } }, rescoredLeads: 1 });

    await asOperator().campaigns.update({ id: created.id, target: { ...plumbers.target, categories: ['Plumber'] } });
    const matched = await stored(ours!.leadId);
    expect(matched.scoreReasons.find((reason) => reason.code === 'category_match')).toMatchObject({ points: DEFAULT_SCORE_WEIGHTS.category_match });
    const [categoryEntry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'campaign.update', limit: 1 });
    expect(categoryEntry?.summary).toMatchObject({ changed: ['target'], categories: { from: [], to: ['Plumber'] }, rescoredLeads: 1 });
  });

  it('records nothing when an edit form sends every field as it was', async () => {
    const created = await asOperator().campaigns.create({ ...plumbers, name: 'Unchanged', scoreWeights: { phone: 40 } });
    const resent = await asOperator().campaigns.update({
      id: created.id,
      name: created.name,
      description: created.description,
      timeZone: created.timeZone,
      target: created.target,
      scoreWeights: { ...DEFAULT_SCORE_WEIGHTS, phone: 40 },
    });
    expect(resent.updatedAt).toBe(created.updatedAt);
    const entries = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'campaign.update', limit: 50 });
    expect(entries.filter((entry) => entry.targetId === created.id)).toEqual([]);
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

  it('announces each status change once it is committed, so the campaign’s pages in other browsers follow; a refused step announces nothing', async () => {
    const { id } = await asOperator().campaigns.create({ ...plumbers, name: 'Announced' });
    // What another browser would refetch when the event reaches it: the status as committed.
    const heard: { workspaceId: string | null; topic: string; payload: unknown; statusSeen: string | undefined }[] = [];
    const asAnnouncingOperator = () =>
      callerAs(sql, operator, 'operator', {
        publish: async (workspaceId, topic, payload) => {
          const [row] = await sql<{ status: string }[]>`select status from campaigns where id = ${id}`;
          heard.push({ workspaceId, topic, payload, statusSeen: row?.status });
        },
      });
    await asAnnouncingOperator().campaigns.setStatus({ id, event: 'activate' });
    await asAnnouncingOperator().campaigns.setStatus({ id, event: 'pause' });
    await expect(asAnnouncingOperator().campaigns.setStatus({ id, event: 'pause' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(heard).toEqual([
      { workspaceId: operator.workspaceId, topic: 'campaigns.changed', payload: { campaignId: id }, statusSeen: 'active' },
      { workspaceId: operator.workspaceId, topic: 'campaigns.changed', payload: { campaignId: id }, statusSeen: 'paused' },
    ]);
  });

  it('announces every change its pages show once it is committed, once per change; an edit that changes nothing or is refused announces nothing', async () => {
    // What another browser would refetch when the event reaches it: the campaign as committed.
    const heard: { workspaceId: string | null; campaignId: string; seen: string }[] = [];
    const asAnnouncingOperator = () =>
      callerAs(sql, operator, 'operator', {
        publish: async (workspaceId, topic, payload) => {
          if (topic !== 'campaigns.changed') return;
          const { campaignId } = payload as { campaignId: string };
          const [row] = await sql<{ seen: string }[]>`
            select concat_ws(' / ', name, status, coalesce(call_budget_usd::text, 'no budget'), 'v' || sequence_version,
                   case when outreach_started_at is null then 'not started' else 'started' end,
                   (select count(*) from campaign_mailboxes where campaign_id = campaigns.id) || ' mailboxes') as seen
            from campaigns where id = ${campaignId}`;
          heard.push({ workspaceId, campaignId, seen: row?.seen ?? 'missing' });
        },
        enqueue: async () => 'job-id',
      });
    const seen = () => heard.map((entry) => entry.seen);

    const created = await asAnnouncingOperator().campaigns.create({ ...plumbers, name: 'Announced edits' });
    expect(heard).toEqual([{ workspaceId: operator.workspaceId, campaignId: created.id, seen: 'Announced edits / draft / no budget / v0 / not started / 0 mailboxes' }]);
    heard.length = 0;

    const { campaignId: id } = await outreachCampaign(sql, operator, 'Edited elsewhere');
    const asIs = await asOperator().campaigns.get({ id });
    await asAnnouncingOperator().campaigns.update({ id, name: 'Edited elsewhere', timeZone: asIs.timeZone, target: asIs.target });
    await expect(asAnnouncingOperator().campaigns.update({ id, ownerUserId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(heard).toEqual([]);

    await asAnnouncingOperator().campaigns.update({ id, name: 'Renamed elsewhere' });
    await asAnnouncingOperator().calls.updateSettings({ campaignId: id, assistantId: null, maxAttempts: 2, spacingMinutes: 60, budgetUsd: 12 });
    await expect(asAnnouncingOperator().calls.updateSettings({ campaignId: '00000000-0000-4000-8000-000000000000', assistantId: null, maxAttempts: 2, spacingMinutes: 60 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await asAnnouncingOperator().outreach.saveSequence({ campaignId: id, sequence: defaultSequence({ followUps: 1 }) });
    const mailboxId = await outreachMailbox(sql, operator);
    await asAnnouncingOperator().mailboxes.setForCampaign({ campaignId: id, mailboxIds: [mailboxId] });
    await expect(asAnnouncingOperator().mailboxes.setForCampaign({ campaignId: id, mailboxIds: [mailboxId, mailboxId] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await asAnnouncingOperator().outreach.start({ campaignId: id, confirm: true });
    await expect(asAnnouncingOperator().outreach.start({ campaignId: id, confirm: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(heard.every((entry) => entry.workspaceId === operator.workspaceId && entry.campaignId === id)).toBe(true);
    expect(seen()).toEqual([
      'Renamed elsewhere / draft / no budget / v0 / not started / 0 mailboxes',
      'Renamed elsewhere / draft / 12.00 / v0 / not started / 0 mailboxes',
      'Renamed elsewhere / draft / 12.00 / v1 / not started / 0 mailboxes',
      'Renamed elsewhere / draft / 12.00 / v1 / not started / 1 mailboxes',
      'Renamed elsewhere / active / 12.00 / v1 / started / 1 mailboxes',
    ]);
  });

  it('refuses to resume a campaign whose calls reached its call budget until the budget is raised', async () => {
    const { campaignId: id, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: 'pn-campaigns-budget', workspaceId: operator.workspaceId, name: 'Budgeted' });
    await sql`update campaigns set call_budget_usd = 2 where id = ${id}`;
    await sql`update calls set cost_usd = 2.5 where id = ${callIds[0]!}`;
    expect((await asOperator().campaigns.setStatus({ id, event: 'pause' })).status).toBe('paused');
    await expect(asOperator().campaigns.setStatus({ id, event: 'activate' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: "The campaign's call budget of $2.00 is reached ($2.50 spent). Raise the call budget first.",
    });
    expect((await sql<{ status: string }[]>`select status from campaigns where id = ${id}`)[0]?.status).toBe('paused');

    await sql`update campaigns set call_budget_usd = 5 where id = ${id}`;
    expect((await asOperator().campaigns.setStatus({ id, event: 'activate' })).status).toBe('active');
  });

  it('activates a campaign whose call budget is $0, and says on its page that the budget holds its calls', async () => {
    const { id } = await asOperator().campaigns.create({ ...plumbers, name: 'Zero budget' });
    const { callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId: 'pn-campaigns-zero', workspaceId: operator.workspaceId, name: 'Zero budget calls' });
    // A call that was live when the budget was set to $0 cost something: still, no call's cost "reached" a $0 budget.
    await sql`update calls set campaign_id = ${id}, status = 'completed', cost_usd = 0.4 where id = ${callIds[0]!}`;
    await sql`update campaigns set call_budget_usd = 0 where id = ${id}`;
    expect((await sql<{ spent: number }[]>`select sum(cost_usd)::float8 as spent from calls where campaign_id = ${id}`)[0]?.spent).toBe(0.4);
    expect((await asOperator().campaigns.setStatus({ id, event: 'activate' })).status).toBe('active');
    const notice = "No calls are placed: the campaign's call budget is $0. Its queued calls wait until you raise the budget (or clear it for none).";
    expect((await asViewer().campaigns.get({ id })).callBudgetNotice).toBe(notice);
    expect((await asOperator().campaigns.setStatus({ id, event: 'pause' })).status).toBe('paused');
    expect((await asOperator().campaigns.setStatus({ id, event: 'activate' })).status).toBe('active');
    await sql`update campaigns set call_budget_usd = null where id = ${id}`;
    expect((await asViewer().campaigns.get({ id })).callBudgetNotice).toBeNull();
  });

  it('keeps viewers to reading', async () => {
    await expect(asViewer().campaigns.create(plumbers)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
