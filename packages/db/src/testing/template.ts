import { randomBytes } from 'node:crypto';
import { getConstructionPlans } from 'pg-boss';
import { createDatabase, dropDatabase, listDatabases } from '../admin/index.ts';
import { createSql, withDatabase } from '../client.ts';
import { migrate } from '../migrate/index.ts';
import { ensureJobListIndex, QUEUE_SCHEMA } from '../queue/index.ts';

/**
 * Creates and migrates the template every test file's database is cloned from: Switchboard's
 * migrations plus pg-boss's schema, so no test pays for either.
 */
export async function createTemplateDatabase(serverUrl: string, name: string): Promise<void> {
  await dropDatabase(serverUrl, name);
  await createDatabase(serverUrl, name);
  const sql = createSql(withDatabase(serverUrl, name), { applicationName: 'switchboard-test-template', max: 1 });
  try {
    await migrate(sql);
    await sql.unsafe(getConstructionPlans(QUEUE_SCHEMA));
    await ensureJobListIndex(sql);
  } finally {
    await sql.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the template, for one test file. */
export async function cloneDatabase(serverUrl: string, template: string, prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await createDatabase(serverUrl, name, { template });
  return { url: withDatabase(serverUrl, name), name, drop: () => dropDatabase(serverUrl, name) };
}

/** Drops every database whose name starts with `prefix` (a test run's leftovers). */
export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  for (const name of await listDatabases(serverUrl, prefix)) await dropDatabase(serverUrl, name);
}
