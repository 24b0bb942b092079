// When the sandbox recipient's sweep takes a sandbox email's simulated events for lost: its outcome
// (delivered, bounced or complained) is planned within SANDBOX_OUTCOME_LATEST_S of the send, and its
// job retries for about five minutes (5 tries from 10 s, doubling) before it gives up.
import { SANDBOX_OUTCOME_LATEST_S } from './sandbox-recipient.ts';

/** Past its planned outcome, the time an email's job has to store it before the sweep queues it again. */
export const SANDBOX_SWEEP_GRACE_MS = 10 * 60 * 1000;
/** Only emails sent within this long are looked at: older ones are left as they are, and the index read stays short. */
export const SANDBOX_SWEEP_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The most emails one sweep queues events for; the next sweep takes the rest. */
export const SANDBOX_SWEEP_MAX_SENDS = 200;
/** How often the worker sweeps. */
export const SANDBOX_SWEEP_CRON = '*/5 * * * *';

/** How long after it was sent a sandbox email with no outcome yet is taken for one whose events were lost. */
export function sandboxOutcomeOverdueAfterMs(timeScale: number): number {
  return Math.ceil(SANDBOX_OUTCOME_LATEST_S * 1000 * timeScale) + SANDBOX_SWEEP_GRACE_MS;
}

/** The sent_at range one sweep reads at `now`: sent within the window, and overdue. */
export function sandboxSweepRange(now: Date, timeScale: number): { sentAfter: Date; sentBefore: Date } {
  return { sentAfter: new Date(now.getTime() - SANDBOX_SWEEP_WINDOW_MS), sentBefore: new Date(now.getTime() - sandboxOutcomeOverdueAfterMs(timeScale)) };
}
