// After an import the leads table's statistics are refreshed only when the import added a notable share
// of the table: a few leads into a large table cost no ANALYZE of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import type { TestDatabase } from '../testing/index.ts';
import { beginLeadImportUpload, leadStatisticsStaleAfterImport, refreshLeadStatistics } from './lead-imports.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;
let workspaceId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'lead-statistics-test' });
  workspaceId = (await createWorkspace(sql, { name: 'Stats', slug: await availableSlug(sql, 'Stats') })).id;
  // Autovacuum must not analyse the table behind the test's back.
  await sql`alter table leads set (autovacuum_enabled = false)`;
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

async function importThatInserted(inserted: number): Promise<string> {
  const opened = await beginLeadImportUpload(sql, { workspaceId, actor: { userId: null, label: 'test', ip: null }, fileName: 'leads.csv', staleAfterMs: 0 });
  await sql`update lead_imports set status = 'finished', inserted = ${inserted}, finished_at = now() where id = ${opened!.id}`;
  return opened!.id;
}

const analyseCount = async () => {
  await sql`select pg_stat_clear_snapshot()`;
  const [row] = await sql<{ count: number }[]>`select analyze_count::int as count from pg_stat_user_tables where relid = 'leads'::regclass`;
  return row!.count;
};

describe('lead statistics after an import', () => {
  it('are stale after an import that added a tenth of the table or more, not after a smaller one; refreshing analyses the table', async () => {
    await sql`insert into leads (workspace_id, name) select ${workspaceId}, 'Lead ' || n from generate_series(1, 1000) n`;
    await sql`analyze leads`;
    const before = await analyseCount();
    expect(await leadStatisticsStaleAfterImport(sql, await importThatInserted(20))).toBe(false);
    expect(await leadStatisticsStaleAfterImport(sql, await importThatInserted(99))).toBe(false);
    expect(await leadStatisticsStaleAfterImport(sql, await importThatInserted(100))).toBe(true);
    expect(await analyseCount()).toBe(before);
    await refreshLeadStatistics(sql);
    await expect.poll(analyseCount).toBe(before + 1);
    const [table] = await sql<{ tuples: number }[]>`select reltuples::int as tuples from pg_class where oid = 'leads'::regclass`;
    expect(table!.tuples).toBe(1000);
  });
});
