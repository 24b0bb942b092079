import { QUEUE_SCHEMA, type JobEnqueue, type Sql } from '@switchboard/db';

/** The ticks something that just happened may wake rather than leave to their cron's next minute. */
export type WakeableTick = 'calls.tick' | 'outreach.tick';

/**
 * Queues `tick` (now, or `startAfter` seconds out) unless one is waiting to start by then. Two wakes at
 * the same moment may both queue one; a spare tick finds nothing more to do.
 */
export async function wakeTick(services: { sql: Sql; enqueue: JobEnqueue }, tick: WakeableTick, startAfter = 0): Promise<void> {
  // A tick queued deferred (the cadence's) is fetched only at the worker's next poll once its time
  // comes, seconds later; only a tick queued due, which NOTIFY hands a worker at once, spares a wake now.
  const [waiting]: [{ found: boolean }?] = await services.sql`
    select exists (
      select 1 from ${services.sql(QUEUE_SCHEMA)}.job where name = ${tick} and state in ('created', 'retry')
        and start_after <= now() + make_interval(secs => ${startAfter})
        and (${startAfter}::float8 > 0 or start_after <= created_on)
    ) as found`;
  if (waiting?.found) return;
  await services.enqueue(tick, {}, startAfter > 0 ? { startAfter } : {});
}

/**
 * Wakes the call scheduler: a call that ends frees a slot the next call should take at once, not at
 * the next scheduled tick; a spare tick claims nothing more than the cap allows.
 */
export function wakeCallsTick(services: { sql: Sql; enqueue: JobEnqueue }, startAfter = 0): Promise<void> {
  return wakeTick(services, 'calls.tick', startAfter);
}
