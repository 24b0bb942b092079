import { join } from 'node:path';
import type { Config, Logger } from '@switchboard/core';
import { startEmbeddedPostgres } from '@switchboard/db/embedded';
import { createDatabaseIfMissing, withDatabase } from '@switchboard/db';

/** The database Switchboard keeps its data in, inside the embedded cluster. */
const EMBEDDED_DATABASE = 'switchboard';

export interface ResolvedDatabase {
  url: string;
  /** Where it came from, for people reading the console. */
  description: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export function embeddedDir(config: Config): string {
  return config.SWITCHBOARD_PG_DIR ?? join(config.SWITCHBOARD_DATA_DIR, 'pg');
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in the data dir: the one a running
 * Switchboard already serves from it (unless `whenRunning` is 'wait', see startEmbeddedPostgres), or
 * one started now (and created on first run). `stop()` stops only a cluster started here, and does
 * nothing for an external or shared one.
 */
export async function resolveDatabase(
  config: Config,
  log: Logger,
  options: { whenRunning?: 'share' | 'wait' } = {},
): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, description: 'DATABASE_URL', embedded: false, stop: async () => {} };
  }
  const dir = embeddedDir(config);
  const cluster = await startEmbeddedPostgres({
    dir,
    ...(config.SWITCHBOARD_PG_PORT ? { port: config.SWITCHBOARD_PG_PORT } : {}),
    onLog: (line) => log.trace({ postgres: line }, 'postgres'),
    ...options,
  });
  try {
    await createDatabaseIfMissing(cluster.url, EMBEDDED_DATABASE);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  const event = !cluster.startedHere
    ? 'embedded PostgreSQL already running: using it, and leaving it running'
    : cluster.freshCluster
      ? 'embedded PostgreSQL created'
      : 'embedded PostgreSQL started';
  log.info({ dir: cluster.dir, port: cluster.port, version: cluster.version, firstRun: cluster.freshCluster }, event);
  return {
    url: withDatabase(cluster.url, EMBEDDED_DATABASE),
    description: `embedded ${cluster.version} in ${cluster.dir} (port ${cluster.port}${cluster.startedHere ? '' : ', run by another Switchboard process'})`,
    embedded: true,
    stop: () => cluster.stop(),
  };
}
