// The merge's owner lookup in a workspace the table's statistics do not know yet (an import filling a
// new workspace beside one the statistics know): planned from the table's real sizes, never as a walk
// of a workspace estimated at one row.
import type { LeadCandidate } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import { createRecordingSql, explainAnalyze, type TestDatabase } from '../../testing/index.ts';
import { availableSlug, createWorkspace } from '../workspaces.ts';
import { MERGE_CHUNK_SIZE, mergeLeadCandidates } from './index.ts';

const KNOWN_LEADS = 20_000;
const FILLING_LEADS = 20_000;

let database: TestDatabase;
let sql: Sql;
let filling: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'lead-owners-plan-test' });
  const known = (await createWorkspace(sql, { name: 'Known', slug: await availableSlug(sql, 'Known') })).id;
  await seedLeads(known, 'known', KNOWN_LEADS);
  await sql`analyze leads`;
  // Statistics from before the import: autovacuum must not analyse the table while the test runs.
  await sql`alter table leads set (autovacuum_enabled = false)`;
  filling = (await createWorkspace(sql, { name: 'Filling', slug: await availableSlug(sql, 'Filling') })).id;
  await seedLeads(filling, 'imported', FILLING_LEADS);
}, 240_000);

async function seedLeads(workspaceId: string, prefix: string, count: number): Promise<void> {
  await sql`
    insert into leads (workspace_id, name, name_key, domain, phone, city, category)
    select ${workspaceId}, ${prefix} || ' ' || n, ${prefix} || ' ' || n || '|austin|us', ${prefix} || '-' || n || '.example.org', '+1737' || lpad(n::text, 7, '0'), 'Austin', 'Plumber'
    from generate_series(1, ${count}::int) n`;
}

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const candidate = (n: number): LeadCandidate => ({
  name: `Next ${n}`,
  website: `https://next-${n}.example.org/`,
  phone: `+1737${String(900_000 + n).padStart(7, '0')}`,
  city: 'Austin',
  country: 'US',
  source: { kind: 'import', ref: `next.csv#row${n}`, evidence: {} },
});

describe('the owner lookup while an import fills a new workspace', () => {
  it('does not walk the new workspace through a workspace index as if it held one lead', async () => {
    const recording = createRecordingSql(database.url);
    try {
      const result = await mergeLeadCandidates(recording.sql, { workspaceId: filling, campaignId: null, candidates: Array.from({ length: MERGE_CHUNK_SIZE }, (_, n) => candidate(n)) });
      expect(result.inserted).toBe(MERGE_CHUNK_SIZE);
      const lookup = recording.statements.find((statement) => /name_key = any/.test(statement.query))!;
      const plan = (await explainAnalyze(sql, lookup)).join('\n');
      // Estimated as one row, the workspace was walked through whichever of its indexes came first.
      expect(plan).not.toMatch(/Index Scan (using|on) leads_(category|city|status_\w+|score|first_seen|name_sort)_idx/);
    } finally {
      await recording.sql.end();
    }
  });
});
