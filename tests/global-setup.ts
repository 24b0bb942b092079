import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '@switchboard/db/embedded';
import { createTemplateDatabase, dropDatabasesWithPrefix } from '@switchboard/db/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server-level URL (any database name) of the PostgreSQL the tests use. */
    testServerUrl: string;
    /** Name of the migrated template database each test file clones. */
    templateDatabase: string;
    /** Prefix of every database this run creates, so teardown can drop them all. */
    runPrefix: string;
  }
}

/**
 * One PostgreSQL per test run: the embedded one in a temporary directory, or the server at
 * TEST_DATABASE_URL. One migrated template database per run; each test file clones it.
 */
export default async function setup(project: TestProject) {
  const runPrefix = `sbt_${process.pid}_${Date.now().toString(36)}`;
  const templateDatabase = `${runPrefix}_template`;
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dir: join(dir, 'pg') });
    serverUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  await createTemplateDatabase(serverUrl, templateDatabase);
  project.provide('testServerUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('runPrefix', runPrefix);

  return async () => {
    await dropDatabasesWithPrefix(serverUrl, runPrefix).catch(() => undefined);
    await stopEmbedded?.();
  };
}
