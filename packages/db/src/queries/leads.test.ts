import { Invalid, type LeadCandidate } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import type { TestDatabase } from '../testing/index.ts';
import { listAudit } from './audit-log.ts';
import { createCampaign, getCampaign, listCampaigns, setCampaignStatus, updateCampaign } from './campaigns.ts';
import { mergeLeadCandidates } from './lead-merge/index.ts';
import { countLeads, exportLeads, getLead, LEAD_DETAIL_LIST_MAX, LEAD_SORTS, leadExists, listLeads, transitionLeads, type LeadRow, type LeadSort } from './leads.ts';
import { upsertUser } from './users.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'leads-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['search', 'places'] as ('search' | 'places')[] };

async function setUp(name: string) {
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name) });
  const user = await upsertUser(sql, { email: `${workspace.slug}@example.com` });
  const campaign = await createCampaign(sql, { workspaceId: workspace.id, name: `${name} campaign`, timeZone: 'UTC', target: TARGET, createdBy: user.id });
  return { workspaceId: workspace.id, campaignId: campaign.id, user, changedBy: user.id };
}

function business(index: number, city: string, extra: Partial<LeadCandidate> = {}): LeadCandidate {
  return {
    name: `Business ${String(index).padStart(2, '0')}`,
    city,
    country: 'US',
    category: index % 2 === 0 ? 'Plumber' : 'Bakery',
    source: { kind: 'places', ref: `place-${index}`, evidence: {} },
    ...extra,
  };
}

async function seedLeads(workspaceId: string, campaignId: string, candidates: LeadCandidate[]) {
  const { leads } = await mergeLeadCandidates(sql, { workspaceId, campaignId, candidates });
  return leads.map((lead) => lead.leadId);
}

describe('campaign storage', () => {
  it('creates, updates and lists campaigns with their lead counts', async () => {
    const { workspaceId, campaignId, user } = await setUp('Campaigns');
    expect(await getCampaign(sql, workspaceId, campaignId)).toMatchObject({ status: 'draft', ownerUserId: user.id, ownerEmail: user.email, target: TARGET, scoreWeights: {} });
    const updated = await updateCampaign(sql, workspaceId, campaignId, { description: 'Austin plumbers', scoreWeights: { phone: 30 }, ownerUserId: null }, user.id);
    expect(updated).toMatchObject({ name: 'Campaigns campaign', description: 'Austin plumbers', scoreWeights: { phone: 30 }, ownerUserId: null, updatedBy: user.id });
    const ids = await seedLeads(workspaceId, campaignId, [business(1, 'Austin'), business(2, 'Austin')]);
    await transitionLeads(sql, { workspaceId, event: 'queue_for_review', target: { ids: [ids[0]!] }, changedBy: null });
    expect(await listCampaigns(sql, workspaceId)).toEqual([expect.objectContaining({ id: campaignId, leadCount: 2, pendingReviewCount: 1 })]);
  });

  it('changes status only from an allowed status', async () => {
    const { workspaceId, campaignId, user } = await setUp('Campaign status');
    expect(await setCampaignStatus(sql, workspaceId, campaignId, { from: ['active'], to: 'paused', by: user.id })).toBeNull();
    expect(await setCampaignStatus(sql, workspaceId, campaignId, { from: ['draft', 'paused'], to: 'active', by: user.id })).toMatchObject({ status: 'active' });
  });

  it('keeps campaigns inside their workspace', async () => {
    const one = await setUp('Campaign tenant one');
    const two = await setUp('Campaign tenant two');
    expect(await getCampaign(sql, two.workspaceId, one.campaignId)).toBeNull();
    expect(await updateCampaign(sql, two.workspaceId, one.campaignId, { name: 'Stolen' }, two.user.id)).toBeNull();
    expect(await setCampaignStatus(sql, two.workspaceId, one.campaignId, { from: ['draft'], to: 'active', by: two.user.id })).toBeNull();
    expect((await getCampaign(sql, one.workspaceId, one.campaignId))?.name).toBe('Campaign tenant one campaign');
  });
});

describe('lead transitions', () => {
  it('moves one lead, checking its current status, and records who moved it', async () => {
    const { workspaceId, campaignId, changedBy } = await setUp('Transition one');
    const [id] = await seedLeads(workspaceId, campaignId, [business(1, 'Austin')]);
    const queued = await transitionLeads(sql, { workspaceId, event: 'queue_for_review', target: { ids: [id!] }, changedBy });
    expect(queued.changed).toEqual([{ id, name: 'Business 01', from: 'discovered', to: 'pending_review' }]);
    const rejected = await transitionLeads(sql, { workspaceId, event: 'reject', target: { ids: [id!] }, changedBy, rejectReason: 'not_a_fit' });
    expect(rejected.changed[0]).toMatchObject({ from: 'pending_review', to: 'rejected' });
    expect(await getLead(sql, workspaceId, id!)).toMatchObject({ status: 'rejected', rejectReason: 'not_a_fit' });
    const reopened = await transitionLeads(sql, { workspaceId, event: 'reopen', target: { ids: [id!] }, changedBy });
    expect(reopened.changed[0]?.to).toBe('pending_review');
    expect((await getLead(sql, workspaceId, id!))?.rejectReason).toBeNull();

    const [row]: [{ statusChangedBy: string | null }?] = await sql`select status_changed_by as "statusChangedBy" from leads where id = ${id!}`;
    expect(row?.statusChangedBy).toBe(changedBy);
    // The query runs SQL only: the audit entry is the caller's (packages/api/src/audit/record.ts).
    expect(await listAudit(sql, { workspaceId, limit: 10 })).toEqual([]);
  });

  it('changes nothing for an invalid transition and names the lead it skipped', async () => {
    const { workspaceId, campaignId, changedBy } = await setUp('Transition invalid');
    const [id] = await seedLeads(workspaceId, campaignId, [business(1, 'Austin')]);
    const result = await transitionLeads(sql, { workspaceId, event: 'approve', target: { ids: [id!] }, changedBy });
    expect(result).toEqual({ changed: [], skipped: [{ id, name: 'Business 01', status: 'discovered' }] });
    expect((await getLead(sql, workspaceId, id!))?.status).toBe('discovered');
  });

  it('lets only one of two simultaneous decisions win', async () => {
    const { workspaceId, campaignId, changedBy } = await setUp('Transition race');
    const [id] = await seedLeads(workspaceId, campaignId, [business(1, 'Austin')]);
    await transitionLeads(sql, { workspaceId, event: 'queue_for_review', target: { ids: [id!] }, changedBy });
    const [approve, reject] = await Promise.all([
      transitionLeads(sql, { workspaceId, event: 'approve', target: { ids: [id!] }, changedBy }),
      transitionLeads(sql, { workspaceId, event: 'reject', target: { ids: [id!] }, changedBy, rejectReason: 'other' }),
    ]);
    expect(approve.changed.length + reject.changed.length).toBe(1);
  });

  it('approves in bulk by filter and rejects by selection, skipping leads whose status does not allow it', async () => {
    const { workspaceId, campaignId, changedBy } = await setUp('Transition bulk');
    const ids = await seedLeads(workspaceId, campaignId, [
      business(1, 'Austin', { phone: '+15125550101' }),
      business(2, 'Austin'),
      business(3, 'Dallas', { phone: '+15125550103' }),
      business(4, 'austin', { phone: '+15125550104' }),
      business(5, 'Austin', { phone: '+15125550105' }),
    ]);
    await transitionLeads(sql, { workspaceId, event: 'queue_for_review', target: { ids: ids.slice(0, 4) }, changedBy });
    const phoneLeads = await listLeads(sql, workspaceId, { city: 'Austin', status: ['pending_review'] }, { sort: 'name', limit: 10 });
    const threshold = phoneLeads.leads.find((lead) => lead.phone)!.score;
    // "All pending ≥ threshold in Austin": leads 1 and 4 (with phones), not 2 (no phone), 3 (Dallas) or 5 (not in review).
    const byFilter = await transitionLeads(sql, { workspaceId, event: 'approve', target: { filter: { city: 'Austin', minScore: threshold, status: ['pending_review'] } }, changedBy });
    expect(byFilter.changed.map((lead) => lead.id).sort()).toEqual([ids[0], ids[3]].sort());
    expect(byFilter.skipped).toEqual([]);

    const bySelection = await transitionLeads(sql, { workspaceId, event: 'reject', target: { ids: [ids[1]!, ids[2]!, ids[4]!] }, changedBy, rejectReason: 'outside_target_area' });
    expect(bySelection.changed.map((lead) => lead.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect(bySelection.skipped).toEqual([expect.objectContaining({ id: ids[4], status: 'discovered' })]);
    expect((await getLead(sql, workspaceId, ids[1]!))?.rejectReason).toBe('outside_target_area');
  });

  it('never touches another workspace’s leads', async () => {
    const one = await setUp('Transition tenant one');
    const two = await setUp('Transition tenant two');
    const [id] = await seedLeads(one.workspaceId, one.campaignId, [business(1, 'Austin')]);
    const result = await transitionLeads(sql, { workspaceId: two.workspaceId, event: 'queue_for_review', target: { ids: [id!] }, changedBy: two.changedBy });
    expect(result).toEqual({ changed: [], skipped: [] });
    const byFilter = await transitionLeads(sql, { workspaceId: two.workspaceId, event: 'queue_for_review', target: { filter: {} }, changedBy: two.changedBy });
    expect(byFilter.changed).toEqual([]);
    expect((await getLead(sql, one.workspaceId, id!))?.status).toBe('discovered');
    expect(await getLead(sql, two.workspaceId, id!)).toBeNull();
  });
});

describe('listing leads', () => {
  it('filters, sorts and pages with a keyset cursor that never skips or repeats', async () => {
    const { workspaceId, campaignId, changedBy } = await setUp('Listing');
    const candidates = Array.from({ length: 25 }, (_, index) =>
      business(index, index % 3 === 0 ? 'Dallas' : 'Austin', {
        ...(index % 2 === 0 ? { phone: `+1512555${String(1000 + index)}` } : {}),
        ...(index % 5 === 0 ? { website: `https://biz-${index}.example.com`, contacts: [{ email: `owner@biz-${index}.example.com` }] } : {}),
      }),
    );
    const ids = await seedLeads(workspaceId, campaignId, candidates);
    await transitionLeads(sql, { workspaceId, event: 'queue_for_review', target: { ids: ids.slice(0, 10) }, changedBy });

    for (const sort of ['score_desc', 'newest', 'name'] as const) {
      const seen: LeadRow[] = [];
      let cursor: string | undefined;
      do {
        const page = await listLeads(sql, workspaceId, {}, { sort, limit: 7, ...(cursor ? { cursor } : {}) });
        seen.push(...page.leads);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(25);
      expect(new Set(seen.map((lead) => lead.id)).size).toBe(25);
      if (sort === 'score_desc') expect(seen.map((lead) => lead.score)).toEqual([...seen.map((lead) => lead.score)].sort((a, b) => b - a));
      if (sort === 'name') expect(seen.map((lead) => lead.name)).toEqual([...seen.map((lead) => lead.name)].sort());
    }

    expect(await countLeads(sql, workspaceId, { city: 'AUSTIN' })).toBe(16);
    expect(await countLeads(sql, workspaceId, { status: ['pending_review'] })).toBe(10);
    expect(await countLeads(sql, workspaceId, { category: 'plumber' })).toBe(13);
    expect(await countLeads(sql, workspaceId, { search: 'biz-10' })).toBe(1);
    expect(await countLeads(sql, workspaceId, { search: '555100' })).toBe(5);
    expect(await countLeads(sql, workspaceId, { search: 'ss 1_' })).toBe(0);
    expect(await countLeads(sql, workspaceId, { search: 'ss 1' })).toBe(10);
    expect(await countLeads(sql, workspaceId, { campaignId })).toBe(25);
    const strong = await listLeads(sql, workspaceId, { minScore: 30 }, { sort: 'score_desc', limit: 50 });
    expect(strong.leads.every((lead) => lead.score >= 30)).toBe(true);
    expect(strong.leads.length).toBe(await countLeads(sql, workspaceId, { minScore: 30 }));
    const withEmail = strong.leads.find((lead) => lead.emails.length > 0);
    expect(withEmail?.emails[0]).toMatch(/^owner@biz-/);
    expect(await countLeads(sql, workspaceId, { confidence: 'high' })).toBe(0);
  });

  it('refuses a cursor it did not make, or one from another sort', async () => {
    const { workspaceId, campaignId } = await setUp('Listing cursor');
    await seedLeads(workspaceId, campaignId, [business(1, 'Austin'), business(2, 'Austin')]);
    const page = await listLeads(sql, workspaceId, {}, { sort: 'name', limit: 1 });
    await expect(listLeads(sql, workspaceId, {}, { sort: 'score_desc', limit: 1, cursor: page.nextCursor! })).rejects.toThrow(/not valid/);
    await expect(listLeads(sql, workspaceId, {}, { sort: 'name', limit: 1, cursor: 'garbage' })).rejects.toThrow(/not valid/);
  });

  it('refuses a hand-edited cursor as an invalid page link, not a database error', async () => {
    const { workspaceId, campaignId } = await setUp('Listing forged cursor');
    await seedLeads(workspaceId, campaignId, [business(1, 'Austin'), business(2, 'Austin')]);
    const id = '00000000-0000-4000-8000-000000000000';
    const forge = (sort: string, value: string, cursorId = id) => Buffer.from(JSON.stringify({ s: sort, v: value, id: cursorId })).toString('base64url');
    const forged: [LeadSort, string][] = [
      ['score_desc', forge('score_desc', '50', '-'.repeat(36))],
      ['score_desc', forge('score_desc', 'abc')],
      ['score_desc', forge('score_desc', '99999999999')],
      ['score_desc', forge('score_desc', '1e400')],
      ['newest', forge('newest', 'yesterday-ish')],
      ['newest', forge('newest', '2024-02-31T10:00:00.000000Z')],
      ['name', forge('name', 'a\u0000b')],
    ];
    for (const [sort, cursor] of forged) {
      await expect(listLeads(sql, workspaceId, {}, { sort, limit: 1, cursor }), `${sort} ${cursor}`).rejects.toBeInstanceOf(Invalid);
    }
    // Cursors the query made still page through every lead.
    for (const sort of LEAD_SORTS) {
      const first = await listLeads(sql, workspaceId, {}, { sort, limit: 1 });
      const second = await listLeads(sql, workspaceId, {}, { sort, limit: 1, cursor: first.nextCursor! });
      expect(second.leads.map((lead) => lead.id)).not.toEqual(first.leads.map((lead) => lead.id));
      expect(second.nextCursor).toBeNull();
    }
  });

  it('shows a lead with its contacts and sources, and nothing from another workspace', async () => {
    const one = await setUp('Lead detail one');
    const two = await setUp('Lead detail two');
    const [id] = await seedLeads(one.workspaceId, one.campaignId, [
      business(1, 'Austin', { website: 'https://biz-1.example.com', contacts: [{ email: 'a@biz-1.example.com', name: 'Ann', role: 'Owner', sourcePage: 'https://biz-1.example.com/team' }] }),
    ]);
    const lead = await getLead(sql, one.workspaceId, id!);
    expect(lead?.contacts).toEqual([expect.objectContaining({ email: 'a@biz-1.example.com', name: 'Ann', role: 'Owner', sourcePage: 'https://biz-1.example.com/team' })]);
    expect(lead?.sources).toEqual([expect.objectContaining({ kind: 'places', ref: 'place-1', runId: null })]);
    expect(await getLead(sql, two.workspaceId, id!)).toBeNull();
    expect(await countLeads(sql, two.workspaceId, {})).toBe(0);
    expect((await listLeads(sql, two.workspaceId, { campaignId: one.campaignId }, { sort: 'name', limit: 10 })).leads).toEqual([]);
  });

  it('shows the first sources of a lead found again and again, with how many there are', async () => {
    const one = await setUp('Lead detail many sources');
    const [id] = await seedLeads(one.workspaceId, one.campaignId, [business(1, 'Austin')]);
    const extra = LEAD_DETAIL_LIST_MAX + 10;
    await sql`
      insert into lead_sources (workspace_id, lead_id, kind, ref, found_at)
      select ${one.workspaceId}, ${id!}, 'search', 'https://directory-' || n || '.example.org/', now() + n * interval '1 minute'
      from generate_series(1, ${extra}::int) n`;
    const lead = await getLead(sql, one.workspaceId, id!);
    expect(lead?.sourceCount).toBe(extra + 1);
    expect(lead?.sources).toHaveLength(LEAD_DETAIL_LIST_MAX);
    // In the order they were found: the first one (its place listing), then the directories.
    expect(lead?.sources[0]).toEqual(expect.objectContaining({ kind: 'places', ref: 'place-1' }));
    expect(lead?.sources[1]).toEqual(expect.objectContaining({ ref: 'https://directory-1.example.org/' }));
    expect(lead?.contactCount).toBe(lead?.contacts.length);
    expect(await leadExists(sql, one.workspaceId, id!)).toBe(true);
    expect(await leadExists(sql, (await setUp('Lead detail other')).workspaceId, id!)).toBe(false);
  });

  it('exports every matching lead in batches', async () => {
    const { workspaceId, campaignId } = await setUp('Export');
    await seedLeads(workspaceId, campaignId, Array.from({ length: 12 }, (_, index) => business(index, 'Austin')));
    const batches: LeadRow[][] = [];
    for await (const batch of exportLeads(sql, workspaceId, { category: 'Plumber' }, { batchSize: 4 })) batches.push(batch);
    expect(batches.map((batch) => batch.length)).toEqual([4, 2]);
    expect(new Set(batches.flat().map((lead) => lead.id)).size).toBe(6);
  });
});
