import type { PgBoss } from 'pg-boss';

export interface QueueCounts {
  name: string;
  queued: number;
  active: number;
  failed: number;
  /** Jobs waiting for a start time in the future. */
  deferred: number;
}

export async function readQueueCounts(boss: PgBoss): Promise<QueueCounts[]> {
  const queues = await boss.getQueues();
  return queues
    // pg-boss's own bookkeeping queues are not Switchboard's work.
    .filter((queue) => !queue.name.startsWith('__pgboss'))
    .map((queue) => ({
      name: queue.name,
      queued: queue.queuedCount,
      active: queue.activeCount,
      failed: queue.failedCount,
      deferred: queue.deferredCount,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
