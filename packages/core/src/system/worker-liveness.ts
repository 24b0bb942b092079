/** How often each worker proves it is alive by running a heartbeat job through its own queues. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/** A worker not heard from for three intervals is shown as stale, and as stopped after twelve. */
export const HEARTBEAT_STALE_AFTER_MS = HEARTBEAT_INTERVAL_MS * 3;
export const HEARTBEAT_STOPPED_AFTER_MS = HEARTBEAT_INTERVAL_MS * 12;

/**
 * A stopped worker stays listed this long, so a crash is still visible a while later, then it is
 * dropped: each restart starts a new worker id, and earlier runs would otherwise pile up.
 */
export const STOPPED_WORKER_LISTED_FOR_MS = 60 * 60 * 1000;

/** `stopped` rather than "down": a worker from an earlier run usually ended on purpose. */
export type WorkerLiveness = 'alive' | 'stale' | 'stopped' | 'never_seen';

export function workerLiveness(lastSeenAgeMs: number | null): WorkerLiveness {
  if (lastSeenAgeMs === null) return 'never_seen';
  if (lastSeenAgeMs <= HEARTBEAT_STALE_AFTER_MS) return 'alive';
  if (lastSeenAgeMs <= HEARTBEAT_STOPPED_AFTER_MS) return 'stale';
  return 'stopped';
}

/** Whether the System page still lists a worker last heard from this long ago. */
export function isWorkerListed(lastSeenAgeMs: number): boolean {
  return lastSeenAgeMs <= STOPPED_WORKER_LISTED_FOR_MS;
}
