import { FINAL_CALL_STATUSES } from '@switchboard/core';
import type { JobEnqueue, Sql } from '@switchboard/db';
import { wakeTick } from './wake-tick.ts';

/**
 * Wakes the sequence scheduler when one of `callIds` was its enrolment's step's last attempt and ended:
 * the call's end made the enrolment due (moveCall), and it goes on now (the branch, the next email)
 * rather than at outreach.tick's next minute. A call with a further attempt queued wakes nothing.
 */
export async function wakeEnrolmentsOfEndedCalls(services: { sql: Sql; enqueue: JobEnqueue }, callIds: readonly string[]): Promise<boolean> {
  if (callIds.length === 0) return false;
  const [row]: [{ due: boolean }?] = await services.sql`
    select exists (
      select 1 from calls c join enrolments e on e.id = c.enrolment_id
      where c.id = any(${[...callIds]}::uuid[]) and c.status = any(${[...FINAL_CALL_STATUSES]})
        and e.status = 'active' and e.next_action_at <= now()
        and not exists (select 1 from calls later where later.enrolment_id = c.enrolment_id and later.step_id = c.step_id and later.attempt > c.attempt)
    ) as due`;
  if (!row?.due) return false;
  await wakeTick(services, 'outreach.tick');
  return true;
}
