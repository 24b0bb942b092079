import { migrationLevel, type Sql } from '@switchboard/db';
import type { Request, Response } from 'express';

/** Process alive: answers without touching the database. */
export function healthz(_request: Request, response: Response): void {
  response.json({ ok: true });
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
