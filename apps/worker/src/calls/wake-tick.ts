import type { JobEnqueue } from '@switchboard/db';

/** The ticks something that just happened may wake rather than leave to their cron's next minute. */
export type WakeableTick = 'calls.tick' | 'outreach.tick';

/**
 * Queues `tick` (now, or `startAfter` seconds out) unless one is waiting to start: at most one waits
 * however many wakes race. A wake now pulls a waiting deferred tick (the cadence's) forward to now and
 * tells the workers; a deferred wake leaves a tick that starts sooner as it is. A spare tick finds
 * nothing more to do.
 */
export async function wakeTick(services: { enqueue: JobEnqueue }, tick: WakeableTick, startAfter = 0): Promise<void> {
  await services.enqueue(tick, {}, startAfter > 0 ? { wakeUp: true, startAfter } : { wakeUp: true });
}

/**
 * Wakes the call scheduler: a call that ends frees a slot the next call should take at once, not at
 * the next scheduled tick; a spare tick claims nothing more than the cap allows.
 */
export function wakeCallsTick(services: { enqueue: JobEnqueue }, startAfter = 0): Promise<void> {
  return wakeTick(services, 'calls.tick', startAfter);
}
