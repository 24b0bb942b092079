import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { createRecordingSql, explainAnalyze, seedManyLeads, type RecordedStatement, type TestDatabase } from '../testing/index.ts';
import { EXACT_LEAD_COUNT_UP_TO, REVIEW_EVIDENCE_PER_LEAD, estimateLeadCount, listLeadEvidence, listLeadTableRows, listReviewLeads } from './lead-views.ts';
import { SEARCH_WALK_MAX_ROWS, SEARCH_WALK_ROWS, searchWalkRows, type LeadFilter, type LeadSort } from './leads.ts';
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

describe('a search\'s count for its page heading', () => {
  it('estimates a common search from the share of leads it is expected in, and counts a rare one exactly', async () => {
    // "plumber" is every 8th lead's category, in its name: 2,500 of 20,000. Multiplying the name and index
    // conditions' estimates as if independent made it ~300, then the capped count "about 1,001".
    const plumbers = await estimateLeadCount(sql, big, { search: 'plumber' });
    expect(plumbers.exact).toBe(false);
    expect(plumbers.count).toBeGreaterThan(1_250);
    expect(plumbers.count).toBeLessThan(3_750);
    const [approved] = await sql<{ count: number }[]>`
      select count(*)::int as count from leads where workspace_id = ${big} and status = 'approved' and name ilike '%plumber%'`;
    expect(await estimateLeadCount(sql, big, { search: 'plumber', status: ['approved'] })).toEqual({ count: approved!.count, exact: true });
    // Lead 4242's domain, and the phones with 4242 in them (+15120004242, +15120014242).
    expect(await estimateLeadCount(sql, big, { search: 'business-4242.' })).toEqual({ count: 2, exact: true });
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

/** The statements that read rows: a search's estimates (EXPLAIN without ANALYZE) left out. */
function readStatements(statements: readonly RecordedStatement[]): RecordedStatement[] {
  return statements.filter((statement) => !/^\s*explain/i.test(statement.query));
}

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
        const plan = await explainAnalyze(sql, readStatements(recording.statements)[0]!);
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

describe('a search at 20,000 leads', () => {
  const ORDER: Record<LeadSort, string> = { score_desc: 'score desc, id desc', name: 'lower(name), id', newest: 'first_seen_at desc, id desc' };

  /** Every match in the sort's order, written apart from the page's query: name, domain or phone (its digits) contains the search. */
  async function reference(search: string, sort: LeadSort): Promise<string[]> {
    const digits = search.replace(/\D/g, '');
    const rows = await sql.unsafe<{ id: string }[]>(
      `select id from leads
       where workspace_id = $1
         and (strpos(lower(name), lower($2)) > 0 or strpos(lower(coalesce(domain, '')), lower($2)) > 0
              or (length($3) >= 3 and strpos(coalesce(phone, ''), $3) > 0))
       order by ${ORDER[sort]}`,
      [big, search, digits],
    );
    return rows.map((row) => row.id);
  }

  /** Every page of the search by cursor, with the plans of the statements each page ran. */
  async function allPages(search: string, sort: LeadSort, limit: number) {
    const recording = createRecordingSql(database.url);
    try {
      const ids: string[] = [];
      const pages: { statements: number; plans: string[] }[] = [];
      let cursor: string | undefined;
      do {
        recording.statements.length = 0;
        const page = await listLeadTableRows(recording.sql, big, { search }, { sort, limit, ...(cursor ? { cursor } : {}) });
        ids.push(...page.leads.map((lead) => lead.id));
        const statements = readStatements(recording.statements);
        const plans: string[] = [];
        for (const statement of statements) plans.push((await explainAnalyze(sql, statement)).join('\n'));
        pages.push({ statements: statements.length, plans });
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return { ids, pages };
    } finally {
      await recording.sql.end();
    }
  }

  it('finds a common word by walking the sort index, a page after a few hundred leads, the same page the index gives', async () => {
    // "Bluebonnet" is every 20th lead's prefix: the first 2,000 by score hold ~100 of them.
    const recording = createRecordingSql(database.url);
    try {
      const page = await listLeadTableRows(recording.sql, big, { search: 'bluebonnet' }, { sort: 'score_desc', limit: 50 });
      const statements = readStatements(recording.statements);
      expect(statements).toHaveLength(1);
      const plan = await explainAnalyze(sql, statements[0]!);
      expect(plan.join('\n')).toMatch(/Merge Append[^]*leads_status_score_idx/);
      expect(plan.join('\n')).not.toMatch(/leads_search_trgm_idx|Seq Scan on leads/);
      expect(leadRowsRead(plan)).toBeLessThan(SEARCH_WALK_ROWS);
      expect(page.leads.map((lead) => lead.id)).toEqual((await reference('bluebonnet', 'score_desc')).slice(0, 50));
    } finally {
      await recording.sql.end();
    }
  });

  it('walks from the sort indexes alone, reading no lead row, so a common word far down the order is found by walking', async () => {
    // By name, the 1,000 "Bluebonnet …" leads come after the 1,000 "Acme …".
    const recording = createRecordingSql(database.url);
    try {
      const page = await listLeadTableRows(recording.sql, big, { search: 'bluebonnet' }, { sort: 'name', limit: 50 });
      const statements = readStatements(recording.statements);
      expect(statements).toHaveLength(1);
      const plan = (await explainAnalyze(sql, statements[0]!)).join('\n');
      expect(plan).toMatch(/Merge Append[^]*Index Only Scan using leads_status_name_idx/);
      expect(plan).not.toMatch(/Index Scan using leads_status_name_idx|leads_search_trgm_idx|Seq Scan on leads/);
      // Each walked lead is tested against the lower-cased text the index holds, not case-folded again.
      expect(plan).toMatch(/Filter: \(\(l_1\.search_text ~~ '%bluebonnet%'::text\) AND/);
      // Vacuumed after the seed: every page all-visible, so no lead row is read for the walk.
      expect([...plan.matchAll(/Heap Fetches: (\d+)/g)].map((match) => Number(match[1]))).toEqual(expect.arrayContaining([0]));
      expect(plan).not.toMatch(/Heap Fetches: [1-9]/);
      expect(page.leads.map((lead) => lead.id)).toEqual((await reference('bluebonnet', 'name')).slice(0, 50));
    } finally {
      await recording.sql.end();
    }
  });

  it('walks as far as twice the leads the trigram index is expected to give, within bounds, and only index-only', () => {
    expect(searchWalkRows({ search: 'bluebonnet' }, { rows: 20_000 })).toBe(40_000);
    expect(searchWalkRows({ search: 'bluebonnet', status: ['approved'] }, { rows: 20_000 })).toBe(40_000);
    expect(searchWalkRows({ search: 'bluebonnet' }, { rows: 51_000 })).toBe(SEARCH_WALK_MAX_ROWS);
    expect(searchWalkRows({ search: 'bluebonnet' }, { rows: 300 })).toBe(SEARCH_WALK_ROWS);
    // A filter on a column the sort indexes do not hold reads each walked lead's row: the short walk.
    for (const filter of [{ city: 'Austin' }, { campaignId: big }, { minScore: 50 }, { category: 'Plumber' }, { confidence: 'high' as const }]) {
      expect(searchWalkRows({ search: 'bluebonnet', ...filter }, { rows: 20_000 })).toBe(SEARCH_WALK_ROWS);
    }
  });

  it('reads a rare search from the trigram index, asking it for the rarest word', async () => {
    // The digits match phones too: +1512…4242.
    const recording = createRecordingSql(database.url);
    try {
      const page = await listLeadTableRows(recording.sql, big, { search: 'business-4242.' }, { sort: 'score_desc', limit: 50 });
      const statements = readStatements(recording.statements);
      expect(statements).toHaveLength(1);
      const plan = (await explainAnalyze(sql, statements[0]!)).join('\n');
      expect(plan).toMatch(/Bitmap Index Scan on leads_search_trgm_idx[^\n]*\n\s+Index Cond: [^\n]*'%-4242\.%'/);
      expect(plan).not.toMatch(/Index Cond: [^\n]*business/);
      expect(page.leads.map((lead) => lead.id)).toEqual(await reference('business-4242.', 'score_desc'));
      expect(page.leads.map((lead) => lead.domain)).toContain('business-4242.example.org');
    } finally {
      await recording.sql.end();
    }
  });

  it('falls back to the trigram index when the walk finds too few, with the same results', async () => {
    // In name order "Keystone …" comes after nine other prefixes' 9,000 leads: a walk of 2,000 finds none.
    const { ids, pages } = await allPages('keystone', 'name', 50);
    expect(ids).toEqual(await reference('keystone', 'name'));
    expect(ids).toHaveLength(BIG_WORKSPACE_LEADS / 20);
    expect(pages[0]!.statements).toBe(2);
    expect(pages[0]!.plans[1]).toMatch(/leads_search_trgm_idx/);
    // From the first page's cursor on, the walk starts among the Keystones and fills every page but the
    // last, which finds fewer than a page and one more, so asks the index too.
    expect(pages.slice(1, -1).map((page) => page.statements)).toEqual(pages.slice(1, -1).map(() => 1));
    // The last page asks the index from a cursor the walk gave.
    expect(pages.at(-1)!.statements).toBe(2);
    expect(pages.at(-1)!.plans[1]).toMatch(/leads_search_trgm_idx/);
  });

  it('pages by cursor across both ways, every match once and in order', async () => {
    // Newest first is lead 1, 2, 3 …: "business-1" is in leads 1, 10–19, 100–199, 1,000–1,999, then none until
    // 10,000–19,999. In more than half the leads, it walks past the gap; the last page, finding fewer than a
    // page and one more, reads in one go.
    const { ids, pages } = await allPages('business-1', 'newest', 200);
    expect(ids).toEqual(await reference('business-1', 'newest'));
    expect(new Set(ids).size).toBe(11_111);
    const walked = pages.filter((page) => page.statements === 1 && !page.plans[0]!.includes('leads_search_trgm_idx'));
    const fellBack = pages.filter((page) => page.statements === 2);
    expect(walked.length).toBeGreaterThan(40);
    expect(fellBack).toEqual([pages.at(-1)]);
    expect(walked.length + fellBack.length).toBe(pages.length);
  });

  it('gives each sort the same leads in the same order as a plain query, for common and rare searches', async () => {
    for (const search of ['plumber', 'bluebonnet', 'Canyon', 'business-42', '0004242', 'ZZZ no such lead']) {
      for (const sort of ['score_desc', 'name', 'newest'] as const) {
        const { ids } = await allPages(search, sort, 500);
        expect(ids, `${search} by ${sort}`).toEqual(await reference(search, sort));
      }
    }
  });
});
