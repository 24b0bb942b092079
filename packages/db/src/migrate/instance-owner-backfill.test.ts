import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrefix, testServerUrl } from '../../../../tests/database.ts';
import { createDatabase, dropDatabase } from '../admin/index.ts';
import { createSql, withDatabase, type Sql } from '../client.ts';
import { listInstanceOwnerEmails } from '../queries/users.ts';
import { migrateBefore } from './migrate-before.testing.ts';
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
    await migrateBefore(sql, '_instance_owner.sql');
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
