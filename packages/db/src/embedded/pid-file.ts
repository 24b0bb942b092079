import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a running postmaster writes to `postmaster.pid` in its data dir (PostgreSQL's lock file). */
export interface PostmasterLock {
  pid: number;
  port: number;
  /** "starting", "ready", "stopping" … once the server has got that far; absent before. */
  status: string | undefined;
}

/**
 * Reads the lock file, or null when there is none or it is unreadable. Only read, never acted on by
 * signalling: the postmaster it names may belong to another Switchboard process.
 */
export async function readPostmasterLock(dir: string): Promise<PostmasterLock | null> {
  const text = await readFile(join(dir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (text === null) return null;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, port: Number.isInteger(port) && port > 0 ? port : 0, status: lines[7]?.trim() || undefined };
}

/** Whether a process with this id exists (EPERM means it does, run by another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
