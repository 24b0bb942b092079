import type { Sql } from '@switchboard/db';
import { applyCallEvent } from '../apps/worker/src/call-events/apply-event.ts';

/** Applies every calls.webhook job queued so far, in the order they were queued, as the worker would (each one once). */
export async function runQueuedCallWebhookJobs(sql: Sql, seen: Set<string>): Promise<void> {
  const jobs = await sql<{ eventId: string }[]>`select data->>'eventId' as "eventId" from pgboss.job where name = 'calls.webhook' order by created_on, id`;
  for (const { eventId } of jobs) {
    if (seen.has(eventId)) continue;
    seen.add(eventId);
    await applyCallEvent({ sql }, eventId);
  }
}
