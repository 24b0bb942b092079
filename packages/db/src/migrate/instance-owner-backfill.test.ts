import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrefix, testServerUrl } from '../../../../tests/database.ts';
import { createDatabase, dropDatabase } from '../admin/index.ts';
import { createSql, withDatabase, type Sql } from '../client.ts';
import { listInstanceOwnerEmails } from '../queries/users.ts';
import { loadMigrations, MIGRATIONS_DIR } from './load.ts';
import { migrate } from './migrate.ts';

// An installation from before instance owners: migrated up to 0004, with people in it.
const databaseName = `${runPrefix()}_owner_backfill`;
let sql: Sql;

beforeAll(async () => {
  await createDatabase(testServerUrl(), databaseName);
  sql = createSql(withDatabase(testServerUrl(), databaseName), { applicationName: 'owner-backfill-test', max: 2 });
});

afterAll(async () => {
  await sql.end();
  await dropDatabase(testServerUrl(), databaseName);
});

describe('the instance owner migration', () => {
  it('makes the earliest admin of an existing installation its owner, and nobody else', async () => {
    const before = await mkdtemp(join(tmpdir(), 'switchboard-migrations-'));
    try {
      await cp(MIGRATIONS_DIR, before, { recursive: true });
      // By name, so the test holds whatever number the migration ends up with.
      const migrations = await loadMigrations();
      const ownerMigration = migrations.find((migration) => migration.name.endsWith('_instance_owner.sql'))!;
      for (const file of migrations.filter((migration) => migration.id >= ownerMigration.id)) await rm(join(before, file.name));
      await migrate(sql, { dir: before });
    } finally {
      await rm(before, { recursive: true, force: true });
    }
    await sql`
      with workspace as (insert into workspaces (name, slug) values ('One', 'one') returning id),
           people as (
             insert into users (email, created_at) values
               ('viewer@one.test', now() - interval '3 days'),
               ('first-admin@one.test', now() - interval '2 days'),
               ('later-admin@one.test', now() - interval '1 day')
             returning id, email)
      insert into workspace_members (workspace_id, user_id, role)
      select workspace.id, people.id, case when people.email like 'viewer%' then 'viewer' else 'admin' end from workspace, people`;
    await migrate(sql);
    expect(await listInstanceOwnerEmails(sql)).toEqual(['first-admin@one.test']);
  });
});
