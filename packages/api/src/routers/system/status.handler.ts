import { isWorkerListed, STOPPED_WORKER_LISTED_FOR_MS, workerLiveness, type ProviderStatus, type WorkerLiveness } from '@switchboard/core';
import { getDatabaseInfo, listRecentHeartbeats, migrationLevel, type QueueCounts } from '@switchboard/db';
import { effectiveProviders } from './providers.ts';
import type { Context } from '../../context.ts';

export interface WorkerStatus {
  workerId: string;
  hostname: string;
  pid: number;
  version: string;
  heartbeatAgeMs: number;
  liveness: WorkerLiveness;
  /** The Chromium it scrapes websites with, or why it has none; null until it has said. */
  browser: string | null;
}

export interface SystemStatus {
  checkedAt: string;
  database:
    | { reachable: true; version: string; migrations: { applied: number; latest: number; pending: number } }
    | { reachable: false; error: string };
  /** The freshest heartbeat across listed workers, or null when none was seen within the listing bound. */
  heartbeatAgeMs: number | null;
  liveness: WorkerLiveness;
  /** What the freshest worker that has said scrapes websites with; null when none has. */
  browser: string | null;
  workers: WorkerStatus[];
  queues: QueueCounts[] | { error: string };
  providers: ProviderStatus[];
}

/** Each part is read on its own, so a broken database still yields a page that says so. */
export async function statusHandler({ ctx }: { ctx: Context }): Promise<SystemStatus> {
  const [database, heartbeats, queues, providers] = await Promise.all([
    readDatabase(ctx),
    listRecentHeartbeats(ctx.db, STOPPED_WORKER_LISTED_FOR_MS).catch(() => []),
    ctx.queueCounts().catch((error: unknown) => {
      ctx.log.warn({ err: error }, 'could not read queue counts');
      return { error: 'Queue counts are unavailable.' };
    }),
    effectiveProviders(ctx).catch((error: unknown) => {
      ctx.log.warn({ err: error }, 'could not read workspace provider keys');
      return [...ctx.providers];
    }),
  ]);
  const workers = heartbeats
    .filter((heartbeat) => isWorkerListed(heartbeat.ageMs))
    .map((heartbeat) => ({
    workerId: heartbeat.workerId,
    hostname: heartbeat.hostname,
    pid: heartbeat.pid,
    version: heartbeat.version,
    heartbeatAgeMs: Math.round(heartbeat.ageMs),
    liveness: workerLiveness(heartbeat.ageMs),
    browser: heartbeat.browser,
  }));
  const heartbeatAgeMs = workers.length > 0 ? Math.min(...workers.map((worker) => worker.heartbeatAgeMs)) : null;
  return {
    checkedAt: new Date().toISOString(),
    database,
    heartbeatAgeMs,
    liveness: workerLiveness(heartbeatAgeMs),
    browser: workers.find((worker) => worker.browser !== null)?.browser ?? null,
    workers,
    queues,
    providers,
  };
}

async function readDatabase(ctx: Context): Promise<SystemStatus['database']> {
  try {
    const [info, migrations] = await Promise.all([getDatabaseInfo(ctx.db), migrationLevel(ctx.db)]);
    return { reachable: true, version: info.version, migrations };
  } catch (error) {
    ctx.log.warn({ err: error }, 'database unreachable');
    return { reachable: false, error: error instanceof Error ? error.message : 'unreachable' };
  }
}
