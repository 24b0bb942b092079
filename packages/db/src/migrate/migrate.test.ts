import { cp, mkdtemp, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrefix, testServerUrl } from '../../../../tests/database.ts';
import { createDatabase, dropDatabase } from '../admin/index.ts';
import { createSql, withDatabase, type Sql } from '../client.ts';
import { loadMigrations, MIGRATIONS_DIR } from './load.ts';
import { migrate, MigrationError, migrationLevel } from './migrate.ts';

// Migrations need an empty database, not a clone of the already-migrated template.
const databaseName = `${runPrefix()}_migrate`;
let sql: Sql;

beforeAll(async () => {
  await createDatabase(testServerUrl(), databaseName);
  sql = createSql(withDatabase(testServerUrl(), databaseName), { applicationName: 'migrate-test', max: 4 });
});

afterAll(async () => {
  await sql.end();
  await dropDatabase(testServerUrl(), databaseName);
});

describe('migrate', () => {
  it('applies every migration once, even when several processes start at the same moment', async () => {
    const results = await Promise.all([migrate(sql), migrate(sql), migrate(sql)]);
    const files = await loadMigrations();
    expect(results.flatMap((result) => result.applied).sort()).toEqual(files.map((file) => file.name).sort());
    const ledger = await sql<{ name: string }[]>`select name from schema_migrations order by id`;
    expect(ledger.map((row) => row.name)).toEqual(files.map((file) => file.name));
    expect(await migrationLevel(sql)).toEqual({ applied: files.length, latest: files.length, pending: 0 });
  });

  it('creates the spine tables with the typed defaults', async () => {
    const rows = await sql<{ key: string; value: unknown }[]>`select key, value from system_config order by key`;
    expect(rows).toEqual([
      { key: 'default_concurrency_cap', value: 8 },
      { key: 'default_cron_cadence', value: 60 },
    ]);
    const tables = await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables where table_schema = 'public' order by 1`;
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['workspaces', 'system_config', 'worker_heartbeats', 'schema_migrations']),
    );
  });

  it('is a no-op the second time', async () => {
    expect((await migrate(sql)).applied).toEqual([]);
  });

  it('refuses to start when a landed migration was edited', async () => {
    const edited = await mkdtemp(join(tmpdir(), 'switchboard-migrations-'));
    await cp(MIGRATIONS_DIR, edited, { recursive: true });
    const [first] = await loadMigrations(edited);
    await appendFile(join(edited, first!.name), '\n-- an innocent-looking edit\n');
    await expect(migrate(sql, { dir: edited })).rejects.toThrow(MigrationError);
    await expect(migrate(sql, { dir: edited })).rejects.toThrow(
      /Migration 0001_init\.sql was edited after it was applied .* forward-only/,
    );
  });

  it('rolls back a failing migration completely, ledger row included', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'switchboard-migrations-'));
    await cp(MIGRATIONS_DIR, broken, { recursive: true });
    const next = String((await loadMigrations()).length + 1).padStart(4, '0');
    await appendFile(join(broken, `${next}_broken.sql`), 'create table half_done (id int);\nselect no_such_function();\n');
    await expect(migrate(sql, { dir: broken })).rejects.toThrow(/no_such_function/);
    const [ledgerRow] = await sql`select 1 from schema_migrations where name = ${`${next}_broken.sql`}`;
    const [table] = await sql<{ exists: boolean }[]>`select to_regclass('half_done') is not null as exists`;
    expect(ledgerRow).toBeUndefined();
    expect(table?.exists).toBe(false);
  });

  it("is never cut short by the web pool's statement timeout", async () => {
    const slow = await mkdtemp(join(tmpdir(), 'switchboard-migrations-'));
    await cp(MIGRATIONS_DIR, slow, { recursive: true });
    const next = String((await loadMigrations()).length + 1).padStart(4, '0');
    await appendFile(join(slow, `${next}_slow.sql`), 'select pg_sleep(0.5);\n');
    const hurried = createSql(withDatabase(testServerUrl(), databaseName), { applicationName: 'migrate-test-hurried', max: 1, statementTimeoutMs: 100 });
    try {
      await expect(hurried`select pg_sleep(0.5)`).rejects.toMatchObject({ code: '57014' });
      expect((await migrate(hurried, { dir: slow })).applied).toEqual([`${next}_slow.sql`]);
    } finally {
      await hurried.end();
    }
  });
});
