import { formatNumber } from '../text/number.ts';

// Mailbox providers start filtering a sender well before these rates; pausing here protects the
// domain's reputation while someone looks at the list.
export const MAILBOX_HEALTH_WINDOW_SENDS = 200;
export const MAILBOX_HARD_BOUNCE_RATE_MAX = 0.02;
export const MAILBOX_COMPLAINT_RATE_MAX = 0.001;

export interface MailboxSendOutcomes {
  /** Sends counted: the mailbox's last MAILBOX_HEALTH_WINDOW_SENDS or fewer. */
  sends: number;
  hardBounces: number;
  complaints: number;
}

export type MailboxHealth = { healthy: true } | { healthy: false; rule: 'hard_bounces' | 'complaints'; reason: string };

const percent = (rate: number) => `${(rate * 100).toFixed(rate < 0.01 ? 2 : 1)} %`;

/**
 * Whether a mailbox should pause itself, and why in words. Rates are over the window's 200 sends even
 * while fewer have gone out, so a new mailbox pauses after its 5th hard bounce or 1st complaint rather
 * than after one unlucky early send.
 */
export function mailboxHealth({ sends, hardBounces, complaints }: MailboxSendOutcomes): MailboxHealth {
  const denominator = Math.max(sends, MAILBOX_HEALTH_WINDOW_SENDS);
  const span = sends >= MAILBOX_HEALTH_WINDOW_SENDS ? `the last ${formatNumber(sends)} sends` : `its first ${formatNumber(sends)} sends`;
  const complaintRate = complaints / denominator;
  if (complaintRate > MAILBOX_COMPLAINT_RATE_MAX) {
    const count = `${formatNumber(complaints)} spam complaint${complaints === 1 ? '' : 's'}`;
    return { healthy: false, rule: 'complaints', reason: `Paused: ${count} in ${span} (over the ${percent(MAILBOX_COMPLAINT_RATE_MAX)} limit).` };
  }
  const bounceRate = hardBounces / denominator;
  if (bounceRate > MAILBOX_HARD_BOUNCE_RATE_MAX) {
    const count = `${formatNumber(hardBounces)} hard bounce${hardBounces === 1 ? '' : 's'}`;
    return { healthy: false, rule: 'hard_bounces', reason: `Paused: ${count} in ${span} (${percent(bounceRate)} of ${formatNumber(denominator)}, over the ${percent(MAILBOX_HARD_BOUNCE_RATE_MAX)} limit).` };
  }
  return { healthy: true };
}
