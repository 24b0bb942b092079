/** How often each worker proves it is alive by running a heartbeat job through its own queues. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/** A worker not heard from for three intervals is shown as stale, and as down after twelve. */
export const HEARTBEAT_STALE_AFTER_MS = HEARTBEAT_INTERVAL_MS * 3;
export const HEARTBEAT_DOWN_AFTER_MS = HEARTBEAT_INTERVAL_MS * 12;

export type WorkerLiveness = 'alive' | 'stale' | 'down' | 'never_seen';

export function workerLiveness(lastSeenAgeMs: number | null): WorkerLiveness {
  if (lastSeenAgeMs === null) return 'never_seen';
  if (lastSeenAgeMs <= HEARTBEAT_STALE_AFTER_MS) return 'alive';
  if (lastSeenAgeMs <= HEARTBEAT_DOWN_AFTER_MS) return 'stale';
  return 'down';
}
