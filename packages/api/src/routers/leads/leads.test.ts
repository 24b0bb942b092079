import type { LeadCandidate } from '@switchboard/core';
import { createCampaign, listAudit, mergeLeadCandidates, transitionLeads, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { testContext } from '../../testing/context.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';
import { transitionLeadsAudited } from './transition-leads.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let stranger: TestMember;
let campaignId: string;
let strangerCampaignId: string;
let strangerLeadId: string;
const ids: Record<string, string> = {};

function business(name: string, city: string, slug: string, phone: string): LeadCandidate {
  return {
    name,
    city,
    country: 'US',
    category: 'Plumber',
    website: `https://${slug}.example.com/`,
    phone,
    contacts: [{ email: `office@${slug}.example.com`, name: 'Office', sourcePage: `https://${slug}.example.com/contact` }],
    source: { kind: 'search', ref: `https://${slug}.example.com/`, evidence: { query: 'plumber', position: 1 } },
  };
}

/** Leads as discovery leaves them (in review), with scores fixed so filters have known answers. */
async function seedLeads(workspaceId: string, campaign: string, rows: { key: string; candidate: LeadCandidate; score: number; status?: string }[]) {
  const merged = await mergeLeadCandidates(sql, { workspaceId, campaignId: campaign, candidates: rows.map((row) => row.candidate) });
  const leadIds = merged.leads.map((lead) => lead.leadId);
  await transitionLeads(sql, { workspaceId, event: 'queue_for_review', target: { ids: leadIds }, changedBy: null });
  for (const [index, row] of rows.entries()) {
    ids[row.key] = leadIds[index]!;
    await sql`update leads set score = ${row.score}, status = coalesce(${row.status ?? null}, status) where id = ${leadIds[index]!}`;
  }
}

beforeAll(async () => {
  acme = await openTestWorkspace('leads-test');
  ({ sql, operator } = acme);
  stranger = await createMember(sql, { email: 'sam@other.test', role: 'operator', workspaceName: 'Other' });
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  campaignId = (await createCampaign(sql, { workspaceId: operator.workspaceId, name: 'Plumbers', timeZone: 'America/Chicago', target, createdBy: operator.userId })).id;
  strangerCampaignId = (await createCampaign(sql, { workspaceId: stranger.workspaceId, name: 'Theirs', timeZone: 'UTC', target, createdBy: stranger.userId })).id;
  await seedLeads(operator.workspaceId, campaignId, [
    { key: 'pipePros', candidate: business('Austin Pipe Pros', 'Austin', 'pipepros', '+15125550101'), score: 92 },
    { key: 'loneStar', candidate: business('Lone Star Plumbing', 'Austin', 'lonestar', '+15125550102'), score: 85 },
    { key: 'drip', candidate: business('Drip Fixers', 'Austin', 'drip', '+15125550103'), score: 60 },
    { key: 'dallas', candidate: business('Dallas Drains', 'Dallas', 'dallasdrains', '+12145550104'), score: 95 },
    { key: 'old', candidate: business('Already Approved Co', 'Austin', 'approved', '+15125550105'), score: 99, status: 'approved' },
  ]);
  await seedLeads(stranger.workspaceId, strangerCampaignId, [{ key: 'theirs', candidate: business('Their Plumber', 'Austin', 'theirs', '+15125550199'), score: 90 }]);
  strangerLeadId = ids.theirs!;
});

afterAll(() => acme.close());

const caller = () => callerAs(sql, operator, 'operator');

describe('leads.list and leads.get', () => {
  it('filters by city and score, sorts by score, pages with a cursor, and counts every match', async () => {
    const austin = await caller().leads.list({ city: 'austin', minScore: 80 });
    expect(austin.leads.map((lead) => lead.name)).toEqual(['Already Approved Co', 'Austin Pipe Pros', 'Lone Star Plumbing']);
    expect(austin.total).toEqual({ count: 3, exact: true });

    const first = await caller().leads.list({ limit: 2, sort: 'name' });
    expect(first.leads.map((lead) => lead.name)).toEqual(['Already Approved Co', 'Austin Pipe Pros']);
    const second = await caller().leads.list({ limit: 2, sort: 'name', cursor: first.nextCursor! });
    expect(second.leads.map((lead) => lead.name)).toEqual(['Dallas Drains', 'Drip Fixers']);
    expect(second.total).toEqual({ count: 5, exact: true });

    expect((await caller().leads.list({ status: ['approved'] })).leads.map((lead) => lead.name)).toEqual(['Already Approved Co']);
    expect((await caller().leads.list({ search: 'drains' })).leads.map((lead) => lead.name)).toEqual(['Dallas Drains']);
  });

  it('gives the table only the columns it shows, and the CSV export full rows a batch at a time without a count', async () => {
    const table = await caller().leads.list({ city: 'Austin', sort: 'name', limit: 1 });
    expect(table.leads[0]).toEqual({
      id: ids.old,
      name: 'Already Approved Co',
      domain: 'approved.example.com',
      status: 'approved',
      score: 99,
      confidence: expect.any(String),
      city: 'Austin',
      category: 'Plumber',
      phone: '+15125550105',
      campaignId,
      firstEmail: 'office@approved.example.com',
      emailCount: 1,
    });

    const first = await caller().leads.exportPage({ city: 'Austin', sort: 'name', limit: 2 });
    expect(first).not.toHaveProperty('total');
    expect(first.leads.map((lead) => lead.name)).toEqual(['Already Approved Co', 'Austin Pipe Pros']);
    expect(first.leads[0]).toMatchObject({ website: 'https://approved.example.com/', emails: ['office@approved.example.com'], country: 'US' });
    const rest = await caller().leads.exportPage({ city: 'Austin', sort: 'name', limit: 2, cursor: first.nextCursor! });
    expect(rest.leads.map((lead) => lead.name)).toEqual(['Drip Fixers', 'Lone Star Plumbing']);
    await expect(caller().leads.exportPage({ campaignId: strangerCampaignId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers a stale cursor and another workspace’s campaign with a clear refusal', async () => {
    await expect(caller().leads.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller().leads.list({ campaignId: strangerCampaignId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a status or confidence that does not exist with a sentence a page can show', async () => {
    const issueMessages = (error: unknown) => ((error as { cause?: { issues?: { message: string }[] } }).cause?.issues ?? []).map((issue) => issue.message);
    const status = await caller().leads.list({ status: ['nope' as 'approved'] }).catch((error: unknown) => error);
    expect(status).toMatchObject({ code: 'BAD_REQUEST' });
    expect(issueMessages(status)).toEqual(['That is not a lead status.']);
    const confidence = await caller().leads.reviewQueue({ confidence: 'sure' as 'high' }).catch((error: unknown) => error);
    expect(issueMessages(confidence)).toEqual(['Confidence is one of high, medium, low.']);
  });

  it('answers a filter with a NUL character (which Postgres cannot compare) with BAD_REQUEST, not a 500', async () => {
    const nul = 'Aus\u0000tin';
    await expect(caller().leads.list({ search: nul })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller().leads.list({ city: nul })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller().leads.reviewQueue({ category: nul })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller().leads.bulkPreview({ event: 'approve', target: { filter: { city: nul } } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('shows a lead with its contacts and sources, and never one from another workspace', async () => {
    const lead = await caller().leads.get({ id: ids.pipePros! });
    expect(lead.contacts.map((contact) => contact.email)).toEqual(['office@pipepros.example.com']);
    expect(lead.sources).toMatchObject([{ kind: 'search', ref: 'https://pipepros.example.com/' }]);
    await expect(caller().leads.get({ id: strangerLeadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('review queue and decisions', () => {
  it('lists leads waiting for review best first, each with its evidence', async () => {
    const queue = await caller().leads.reviewQueue({});
    expect(queue.leads.map((lead) => [lead.name, lead.score])).toEqual([
      ['Dallas Drains', 95],
      ['Austin Pipe Pros', 92],
      ['Lone Star Plumbing', 85],
      ['Drip Fixers', 60],
    ]);
    expect(queue.total).toEqual({ count: 4, exact: true });
    expect(queue.leads[0]!.contacts.map((contact) => contact.email)).toEqual(['office@dallasdrains.example.com']);
    expect(queue.leads[0]!.sources.map((source) => source.kind)).toEqual(['search']);
  });

  it('says how many a bulk approval by filter would change, then approves exactly those with one summary audit entry', async () => {
    const target = { filter: { minScore: 80, city: 'Austin' } };
    // The approved lead in Austin is not counted: it cannot be approved again.
    expect(await caller().leads.bulkPreview({ event: 'approve', target })).toEqual({ event: 'approve', count: 2 });
    expect(await caller().leads.bulkTransition({ event: 'approve', target })).toEqual({ event: 'approve', changed: 2, skipped: 0 });
    expect((await caller().leads.reviewQueue({})).leads.map((lead) => lead.name)).toEqual(['Dallas Drains', 'Drip Fixers']);
    const entries = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'lead.bulk_approve', limit: 5 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorLabel: 'olive@acme.test', summary: { count: 2, filter: { minScore: 80, city: 'Austin' } } });
  });

  it('approves one lead with its own audit entry and explains why it cannot be approved twice', async () => {
    expect(await caller().leads.approve({ id: ids.dallas! })).toMatchObject({ name: 'Dallas Drains', from: 'pending_review', to: 'approved' });
    await expect(caller().leads.approve({ id: ids.dallas! })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'This lead is already approved: it was approved a moment ago. Reload to see it.',
    });
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'lead.approve', limit: 5 });
    expect(entry).toMatchObject({ targetId: ids.dallas, actorLabel: 'olive@acme.test' });
  });

  it('reopens a rejected lead into review (operator only), audited, and a second reopen is a clean conflict', async () => {
    await seedLeads(operator.workspaceId, campaignId, [{ key: 'reopen', candidate: business('Second Chance Roofing', 'Austin', 'secondchance', '+15125550106'), score: 70 }]);
    const id = ids.reopen!;
    await caller().leads.reject({ id, reason: 'not_a_fit' });
    // The state machine still explains what does not apply.
    await expect(caller().leads.approve({ id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'A lead that is rejected cannot be approved.' });

    await expect(callerAs(sql, operator, 'viewer').leads.reopen({ id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await caller().leads.get({ id })).toMatchObject({ status: 'rejected', rejectReason: 'not_a_fit' });

    expect(await caller().leads.reopen({ id })).toEqual({ id, name: 'Second Chance Roofing', from: 'rejected', to: 'pending_review' });
    expect(await caller().leads.get({ id })).toMatchObject({ status: 'pending_review', rejectReason: null });
    await expect(caller().leads.reopen({ id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already pending review') });

    const entries = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'lead.reopen', limit: 5 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ targetId: id, actorLabel: 'olive@acme.test', actorUserId: operator.userId, summary: { from: 'rejected', to: 'pending_review' } });
    expect((await caller().leads.reviewQueue({ search: 'Second Chance' })).leads.map((lead) => lead.id)).toEqual([id]);
    await expect(caller().leads.reopen({ id: strangerLeadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects only with a reason, and keeps the reason', async () => {
    await expect(caller().leads.reject({ id: ids.drip!, reason: undefined as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller().leads.bulkTransition({ event: 'reject', target: { ids: [ids.drip!] } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await caller().leads.reject({ id: ids.drip!, reason: 'not_a_fit' })).toMatchObject({ to: 'rejected' });
    expect(await caller().leads.get({ id: ids.drip! })).toMatchObject({ status: 'rejected', rejectReason: 'not_a_fit' });
  });

  it('leaves leads of other workspaces and leads already decided alone in a bulk action by ids', async () => {
    const preview = await caller().leads.bulkPreview({ event: 'reject', target: { ids: [strangerLeadId, ids.dallas!] } });
    expect(preview.count).toBe(0);
    const result = await caller().leads.bulkTransition({ event: 'reject', reason: 'duplicate', target: { ids: [strangerLeadId, ids.dallas!] } });
    expect(result).toMatchObject({ changed: 0, skipped: 1 });
    await expect(caller().leads.approve({ id: strangerLeadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [theirs] = await sql<{ status: string }[]>`select status from leads where id = ${strangerLeadId}`;
    expect(theirs?.status).toBe('pending_review');
  });
});

describe('a lead change and its audit entry', () => {
  const statusOf = async (id: string) => (await sql<{ status: string }[]>`select status from leads where id = ${id}`)[0]?.status;
  const entriesFor = async (id: string) => (await listAudit(sql, { workspaceId: operator.workspaceId, limit: 100 })).filter((entry) => entry.targetId === id);

  it('roll back together when the audit entry cannot be written', async () => {
    await seedLeads(operator.workspaceId, campaignId, [{ key: 'auditFails', candidate: business('Broken Log Boilers', 'Austin', 'brokenlog', '+15125550107'), score: 75 }]);
    const id = ids.auditFails!;
    // Postgres refuses this as the entry's inet column, so the entry's insert fails after the lead's update.
    const unauditable = callerAs(sql, operator, 'operator', { origin: { ip: 'not-an-address', userAgent: 'vitest' } });
    await expect(unauditable.leads.approve({ id })).rejects.toThrow();
    expect(await statusOf(id)).toBe('pending_review');
    expect(await entriesFor(id)).toEqual([]);

    expect(await caller().leads.approve({ id })).toMatchObject({ to: 'approved' });
    expect(await statusOf(id)).toBe('approved');
    expect((await entriesFor(id)).map((entry) => entry.action)).toEqual(['lead.approve']);
  });

  it('roll back together when the rest of the transaction fails', async () => {
    await seedLeads(operator.workspaceId, campaignId, [{ key: 'laterFails', candidate: business('Undone Electric', 'Austin', 'undone', '+15125550108'), score: 75 }]);
    const id = ids.laterFails!;
    const ctx = testContext(sql, { user: { id: operator.userId, email: operator.email, role: 'operator' }, workspace: { id: operator.workspaceId, name: 'Acme', slug: 'acme' } });
    const authed = { ...ctx, user: ctx.user!, workspace: ctx.workspace! };
    await expect(
      sql.begin(async (tx) => {
        const result = await transitionLeadsAudited(tx, authed, { event: 'reject', rejectReason: 'bad_data', target: { ids: [id] } });
        expect(result.changed).toHaveLength(1);
        throw new Error('something after the change failed');
      }),
    ).rejects.toThrow('something after the change failed');
    expect(await statusOf(id)).toBe('pending_review');
    expect(await entriesFor(id)).toEqual([]);
  });

  it('refuses a rejection without a reason before changing anything', async () => {
    await seedLeads(operator.workspaceId, campaignId, [{ key: 'noReason', candidate: business('Reasonless Roofing', 'Austin', 'reasonless', '+15125550109'), score: 75 }]);
    const id = ids.noReason!;
    const ctx = testContext(sql, { user: { id: operator.userId, email: operator.email, role: 'operator' }, workspace: { id: operator.workspaceId, name: 'Acme', slug: 'acme' } });
    const authed = { ...ctx, user: ctx.user!, workspace: ctx.workspace! };
    await expect(sql.begin((tx) => transitionLeadsAudited(tx, authed, { event: 'reject', target: { ids: [id] } }))).rejects.toThrow('Say why these leads are rejected.');
    expect(await statusOf(id)).toBe('pending_review');
  });

  it('records a bulk rejection by selection as one entry naming the leads changed and the reason', async () => {
    await seedLeads(operator.workspaceId, campaignId, [
      { key: 'bulkOne', candidate: business('Bulk One Heating', 'Austin', 'bulkone', '+15125550110'), score: 40 },
      { key: 'bulkTwo', candidate: business('Bulk Two Heating', 'Austin', 'bulktwo', '+15125550111'), score: 41 },
    ]);
    const result = await caller().leads.bulkTransition({ event: 'reject', reason: 'outside_target_area', target: { ids: [ids.bulkOne!, ids.bulkTwo!, ids.old!] } });
    expect(result).toEqual({ event: 'reject', changed: 2, skipped: 1 });
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'lead.bulk_reject', limit: 1 });
    expect(entry).toMatchObject({ actorUserId: operator.userId, summary: { count: 2, reason: 'outside_target_area' } });
    expect((entry?.summary.ids as string[]).sort()).toEqual([ids.bulkOne, ids.bulkTwo].sort());
  });
});
