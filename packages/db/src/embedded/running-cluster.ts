import { createSql } from '../client.ts';
import { EMBEDDED_USER, readPassword } from './credentials.ts';
import { isProcessAlive, readPostmasterLock } from './pid-file.ts';

export interface RunningCluster {
  /** Server-level URL (database `postgres`), with the stored password. */
  url: string;
  port: number;
  /** The postmaster's process id, from its lock file. */
  pid: number;
  version: string;
}

/** A live cluster that is still starting gets this long to accept connections. */
const DEFAULT_WAIT_MS = 30_000;
const RETRY_MS = 200;

/**
 * The cluster another process (a running `pnpm start`, say) already runs in `dir`, or null when
 * none does. A postmaster named in `postmaster.pid` that is alive owns the directory: a second one
 * cannot start there, and stopping it would pull the database from under that process, so callers
 * connect to it instead. Throws when it holds the directory but does not let us in.
 */
export async function findRunningCluster(dir: string, options: { waitMs?: number } = {}): Promise<RunningCluster | null> {
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  let lastError: unknown;
  for (;;) {
    const lock = await readPostmasterLock(dir);
    // No lock file, or a stale one from a crash: PostgreSQL itself starts over a stale one.
    if (!lock || !isProcessAlive(lock.pid)) return null;
    if (lock.port > 0) {
      const password = await readPassword(dir);
      const url = `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${lock.port}/postgres`;
      const sql = createSql(url, { applicationName: 'switchboard-probe', max: 1, connectTimeoutS: 2, fetchTypes: false });
      try {
        const [row] = await sql<{ version: string }[]>`select version()`;
        const version = /PostgreSQL [\d.]+/.exec(row?.version ?? '')?.[0] ?? 'PostgreSQL';
        return { url, port: lock.port, pid: lock.pid, version };
      } catch (error) {
        if ((error as { code?: string }).code === '28P01') {
          throw new Error(
            `The PostgreSQL running in ${dir} (pid ${lock.pid}, port ${lock.port}) refuses the password stored in that directory.`,
            { cause: error },
          );
        }
        lastError = error;
      } finally {
        await sql.end({ timeout: 1 }).catch(() => undefined);
      }
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(
        `A PostgreSQL (pid ${lock.pid}) holds ${dir} but does not accept connections on port ${lock.port || '(unknown)'}${reason}. ` +
          'Wait for the Switchboard using it to finish starting or stopping, then try again. Switchboard never stops a database it did not start.',
        { cause: lastError },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
