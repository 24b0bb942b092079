import { migrationLevel, type Sql } from '@switchboard/db';
import type { Request, Response } from 'express';

// A database that has not answered in this long counts as unreachable; /healthz never waits longer.
const DATABASE_PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether the database answers `select 1` in time. Concurrent callers share one probe in flight, so
 * a burst of health checks costs one query. Give it a connection of its own (main.ts does), so busy
 * request queries never make a healthy database look unreachable.
 */
export function createDatabaseProbe(sql: Sql): () => Promise<boolean> {
  let inFlight: Promise<boolean> | undefined;
  return () => {
    inFlight ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_PROBE_TIMEOUT_MS)));
      try {
        return await Promise.race([sql`select 1`.then(() => true, () => false), timedOut]);
      } finally {
        clearTimeout(timer);
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
}

/** Process alive, and whether it can reach its database: 503 while it cannot, so monitoring sees the outage. */
export function healthz(databaseReachable: () => Promise<boolean>) {
  return async (_request: Request, response: Response): Promise<void> => {
    if (await databaseReachable()) response.json({ ok: true, database: 'reachable' });
    else response.status(503).json({ ok: false, database: 'unreachable' });
  };
}

/** Ready for traffic: the database answers and every migration this code ships has been applied. */
export function readyz(sql: Sql) {
  return async (_request: Request, response: Response): Promise<void> => {
    try {
      const level = await migrationLevel(sql);
      if (level.pending > 0) {
        response.status(503).json({ ok: false, reason: `${level.pending} migration(s) pending` });
        return;
      }
      response.json({ ok: true, migrations: level.applied });
    } catch {
      response.status(503).json({ ok: false, reason: 'database unreachable' });
    }
  };
}
