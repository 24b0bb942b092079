import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { createRecordingSql, explainAnalyze, seedManyLeads, type TestDatabase } from '../testing/index.ts';
import { EXACT_LEAD_COUNT_UP_TO, REVIEW_EVIDENCE_PER_LEAD, estimateLeadCount, listLeadEvidence, listLeadTableRows, listReviewLeads } from './lead-views.ts';
import type { LeadFilter, LeadSort } from './leads.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;
let big: string;
let small: string;
const BIG_WORKSPACE_LEADS = 20_000;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'lead-views-test' });
  big = (await createWorkspace(sql, { name: 'Big', slug: await availableSlug(sql, 'Big') })).id;
  small = (await createWorkspace(sql, { name: 'Small', slug: await availableSlug(sql, 'Small') })).id;
  await seedManyLeads(sql, { workspaceId: small, count: 30 });
  await seedManyLeads(sql, { workspaceId: big, count: BIG_WORKSPACE_LEADS });
}, 120_000);

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('lead counts for page headings', () => {
  it('counts exactly up to the cap, and past it says the number is an estimate', async () => {
    expect(await estimateLeadCount(sql, small, {})).toEqual({ count: 30, exact: true });
    // Lead n is "<prefix> <category> n"; prefix "Bluebonnet" is every 20th lead.
    expect(await estimateLeadCount(sql, big, { search: 'bluebonnet', maxScore: 20 })).toMatchObject({ exact: true });
    const all = await estimateLeadCount(sql, big, {});
    expect(all.exact).toBe(false);
    expect(all.count).toBeGreaterThan(EXACT_LEAD_COUNT_UP_TO);
    // The planner's estimate from fresh statistics: near, not necessarily equal.
    expect(all.count).toBeGreaterThan(BIG_WORKSPACE_LEADS * 0.8);
    expect(all.count).toBeLessThan(BIG_WORKSPACE_LEADS * 1.2);
  });
});

describe('web connections', () => {
  it('plan every statement for its values, so a rare search is not run with a plan made for a common one', async () => {
    const web = createSql(database.url, { applicationName: 'lead-views-web', customPlans: true });
    try {
      const [setting] = await web<{ mode: string }[]>`select current_setting('plan_cache_mode') as mode`;
      expect(setting?.mode).toBe('force_custom_plan');
      for (let run = 0; run < 8; run += 1) {
        expect((await listLeadTableRows(web, big, { search: 'business-4242.' }, { sort: 'score_desc', limit: 50 })).leads.map((lead) => lead.domain)).toContain('business-4242.example.org');
      }
    } finally {
      await web.end();
    }
  });
});

describe('the pages read only what they show', () => {
  it('gives the table only its columns, first email and email count included', async () => {
    const page = await listLeadTableRows(sql, small, { search: 'business-6.' }, { sort: 'name', limit: 10 });
    expect(page.leads).toEqual([
      expect.objectContaining({ name: 'Summit Accountant 6', firstEmail: 'hello@business-6.example.org', emailCount: 2, domain: 'business-6.example.org' }),
    ]);
    expect(Object.keys(page.leads[0]!).sort()).toEqual(['campaignId', 'category', 'city', 'confidence', 'domain', 'emailCount', 'firstEmail', 'id', 'name', 'phone', 'score', 'status'].sort());
  });

  it('gives the review queue at most a few contacts and sources per lead, and says when there are more', async () => {
    const queue = await listReviewLeads(sql, big, { status: ['pending_review'] }, { sort: 'score_desc', limit: 25 });
    expect(queue.leads.length).toBeGreaterThan(0);
    const crowded = queue.leads[0]!;
    await sql`
      insert into lead_contacts (workspace_id, lead_id, email, name)
      select ${big}, ${crowded.id}, 'person-' || n || '@crowded.example', 'Person ' || n from generate_series(1, 8) n`;
    const evidence = await listLeadEvidence(sql, big, queue.leads.map((lead) => lead.id));
    expect(evidence.get(crowded.id)?.contacts).toHaveLength(REVIEW_EVIDENCE_PER_LEAD);
    expect(evidence.get(crowded.id)?.more).toBe(true);
    expect(evidence.get(crowded.id)?.sources).toEqual([{ id: expect.any(String), kind: 'search', ref: expect.stringMatching(/^https:\/\/business-/) }]);
    const quiet = queue.leads.find((lead) => lead.id !== crowded.id)!;
    expect(evidence.get(quiet.id)?.more).toBe(false);
  });
});

/** Leads rows the plan's scans of `leads l` returned or filtered away: what the page cost to read. */
function leadRowsRead(plan: string[]): number {
  let read = 0;
  for (const [index, line] of plan.entries()) {
    if (!/ on leads l(_\d+)? /.test(line)) continue;
    const [, rows = '0', loops = '1'] = /rows=(\d+) loops=(\d+)/.exec(line) ?? [];
    read += Number(rows) * Number(loops);
    const removed = plan.slice(index + 1, index + 4).find((next) => /Rows Removed by (Filter|Index Recheck)/.test(next));
    read += Number(/: (\d+)/.exec(removed ?? '')?.[1] ?? 0);
  }
  return read;
}

describe('query plans at 20,000 leads', () => {
  // Each page reads its 51 rows (a page and one more) through an index, plus at most a few hundred
  // it skips; never the workspace's 20,000.
  const cases: { name: string; filter: LeadFilter; sort: LeadSort; index: RegExp }[] = [
    // Every status: the first rows of each from its status index, merged (no index across statuses).
    { name: 'best score first', filter: {}, sort: 'score_desc', index: /Merge Append[^]*leads_status_score_idx/ },
    { name: 'newest first', filter: {}, sort: 'newest', index: /Merge Append[^]*leads_status_first_seen_idx/ },
    { name: 'name A–Z', filter: {}, sort: 'name', index: /Merge Append[^]*leads_status_name_idx/ },
    { name: 'two statuses by score', filter: { status: ['approved', 'pending_review'] }, sort: 'score_desc', index: /Merge Append[^]*leads_status_score_idx/ },
    { name: 'a city, best score first', filter: { city: 'Austin' }, sort: 'score_desc', index: /Merge Append[^]*leads_status_score_idx/ },
    { name: 'a status by name', filter: { status: ['approved'] }, sort: 'name', index: /leads_status_name_idx/ },
    { name: 'a status, newest first', filter: { status: ['approved'] }, sort: 'newest', index: /leads_status_first_seen_idx/ },
    { name: 'the review queue', filter: { status: ['pending_review'] }, sort: 'score_desc', index: /leads_status_score_idx/ },
    { name: 'a search for one business', filter: { search: 'business-4242.' }, sort: 'score_desc', index: /leads_search_trgm_idx/ },
    { name: 'a search by phone digits', filter: { search: '0004242' }, sort: 'name', index: /leads_search_trgm_idx/ },
  ];
  for (const { name, filter, sort, index } of cases) {
    it(`reads ${name} from ${index.source}, not the whole workspace`, async () => {
      const recording = createRecordingSql(database.url);
      try {
        await listLeadTableRows(recording.sql, big, filter, { sort, limit: 50 });
        const plan = await explainAnalyze(sql, recording.statements[0]!);
        expect(plan.join('\n')).toMatch(index);
        expect(plan.join('\n')).not.toMatch(/Seq Scan on leads/);
        expect(leadRowsRead(plan)).toBeLessThan(1_000);
      } finally {
        await recording.sql.end();
      }
    });
  }

  it('pages deep by cursor from the same indexes, without reading the pages before', async () => {
    const rowsReadFor = async (cursor: string | undefined) => {
      const recording = createRecordingSql(database.url);
      try {
        await listLeadTableRows(recording.sql, big, {}, { sort: 'name', limit: 50, ...(cursor ? { cursor } : {}) });
        const plan = await explainAnalyze(sql, recording.statements[0]!);
        if (cursor) expect(plan.join('\n')).toMatch(/Index Cond: .*lower\(name\).*id/);
        return leadRowsRead(plan);
      } finally {
        await recording.sql.end();
      }
    };
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      cursor = (await listLeadTableRows(sql, big, {}, { sort: 'name', limit: 50, ...(cursor ? { cursor } : {}) })).nextCursor ?? undefined;
    }
    // The eleventh page reads as many rows as the first (each status's next 51, then the page's 51), not the 500 before it.
    const first = await rowsReadFor(undefined);
    expect(await rowsReadFor(cursor)).toBeLessThanOrEqual(first);
    expect(first).toBeLessThan(500);
  });
});
