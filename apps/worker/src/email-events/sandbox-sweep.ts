// The sandbox recipient's sweep: a sandbox email whose events were never queued (email.dispatch only logs
// a failure to queue them, the email being sent) or whose jobs were lost gets them queued again once it is
// overdue. Storing an event is keyed by the send and the event, and applying it is marked on the stored row,
// so an email whose events come after all, or that two sweeps pick, still gets each event once.
import { SANDBOX_SWEEP_MAX_SENDS, sandboxSweepRange } from '@switchboard/core';
import type { Logger } from '@switchboard/core/logging';
import { sandboxSendsAwaitingOutcome, type JobEnqueue, type Sql } from '@switchboard/db';
import { scheduleSandboxRecipient, type SandboxRecipientSettings } from './sandbox-recipient.ts';

/** Queues the planned events of overdue sandbox emails with no outcome yet (at most SANDBOX_SWEEP_MAX_SENDS), each due from when it was sent. */
export async function sweepSandboxRecipient(
  services: { sql: Sql; log: Logger; enqueue: JobEnqueue },
  settings: SandboxRecipientSettings,
  now = new Date(),
): Promise<{ sends: number; queued: number }> {
  const overdue = await sandboxSendsAwaitingOutcome(services.sql, { ...sandboxSweepRange(now, settings.timeScale), limit: SANDBOX_SWEEP_MAX_SENDS });
  if (overdue.length === 0) return { sends: 0, queued: 0 };
  const queued = await scheduleSandboxRecipient(services.enqueue, settings, overdue, now.getTime());
  services.log.warn(
    { sends: overdue.length, queued, firstSendId: overdue[0]!.sendId },
    'sandbox emails had no simulated outcome long after they were sent; their simulated events were queued again',
  );
  return { sends: overdue.length, queued };
}
