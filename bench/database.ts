import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@switchboard/db/embedded';
import { createTemplateDatabase, dropDatabasesWithPrefix } from '@switchboard/db/testing';
import { withDatabase } from '@switchboard/db';

export interface BenchDatabase {
  url: string;
  serverVersion: string;
  close(): Promise<void>;
}

/** A migrated throwaway database: on the embedded PostgreSQL, or on BENCH_DATABASE_URL's server. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const name = `sb_bench_${process.pid}`;
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    await createTemplateDatabase(external, name);
    return { url: withDatabase(external, name), serverVersion: 'external', close: () => dropDatabasesWithPrefix(external, name) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  const cluster = await startEmbeddedPostgres({ dir: join(dir, 'pg') });
  await createTemplateDatabase(cluster.url, name);
  return {
    url: withDatabase(cluster.url, name),
    serverVersion: cluster.version,
    async close() {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
