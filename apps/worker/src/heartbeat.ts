import { hostname } from 'node:os';
import { HEARTBEAT_INTERVAL_MS, type Logger, type ProviderStatus } from '@switchboard/core';
import type { JobEnqueue } from '@switchboard/db';

export interface HeartbeatSource {
  workerId: string;
  queues: string[];
  startedAt: Date;
}

/** Sends this worker's heartbeat job now and every interval until stopped. */
export function startHeartbeat(
  worker: HeartbeatSource,
  enqueue: JobEnqueue,
  log: Logger,
  options: { version: string; intervalMs?: number; browser?: () => string | undefined; providers?: readonly ProviderStatus[] },
): { stop(): void } {
  const beat = () =>
    enqueue('system.heartbeat', {
      workerId: worker.workerId,
      hostname: hostname(),
      pid: process.pid,
      version: options.version,
      queues: worker.queues,
      startedAt: worker.startedAt.toISOString(),
      browser: options.browser?.(),
      ...(options.providers ? { providers: [...options.providers] } : {}),
    }).catch((error: unknown) => log.warn({ err: error }, 'could not send heartbeat'));
  void beat();
  const timer = setInterval(beat, options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
