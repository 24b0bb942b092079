import type { Sql } from '../client.ts';
import { QUEUE_SCHEMA } from './boss.ts';

export interface QueueCounts {
  name: string;
  /** Ready to run now. */
  queued: number;
  active: number;
  /** Failed for good and still retained. */
  failed: number;
  /** Waiting for a start time (or a retry delay) in the future. */
  deferred: number;
}

/**
 * Live counts per queue, read from pg-boss's job table. pg-boss's own getQueues() and
 * getQueueStats() answer from caches refreshed about once a minute, too stale for a page that
 * watches jobs move.
 */
export async function readQueueCounts(sql: Sql): Promise<QueueCounts[]> {
  return sql<QueueCounts[]>`
    select q.name,
      (count(*) filter (where j.state in ('created', 'retry') and j.start_after <= now()))::int as queued,
      (count(*) filter (where j.state = 'active'))::int as active,
      (count(*) filter (where j.state = 'failed'))::int as failed,
      (count(*) filter (where j.state in ('created', 'retry') and j.start_after > now()))::int as deferred
    from ${sql(QUEUE_SCHEMA)}.queue q
    left join ${sql(QUEUE_SCHEMA)}.job j on j.name = q.name and j.state in ('created', 'retry', 'active', 'failed')
    -- pg-boss's own bookkeeping queues are not Switchboard's work.
    where not starts_with(q.name, '__pgboss')
    group by q.name
    order by q.name`;
}
