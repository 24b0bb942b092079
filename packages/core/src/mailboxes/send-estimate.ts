import { localDatePlus, wallClockIn, zonedInstant } from '../calendar/zoned-time.ts';
import { MAILBOX_LIMIT_WINDOW_MS, type MailboxLimits } from './limits.ts';
import { nextSendSlot } from './send-slot.ts';
import type { SendWindow } from './send-window.ts';
import { formatNumber } from '../text/number.ts';

/** A mailbox the campaign rotates through: its limits, and the sends its windows already count. */
export type EstimatedMailbox = MailboxLimits & {
  /** Its sends of the last day (slots taken today by this or other campaigns): they use up its limits first. */
  sentAt?: readonly Date[];
};

export interface SendEstimateInput {
  emails: number;
  mailboxes: readonly EstimatedMailbox[];
  window: SendWindow;
  /** The campaign's zone: recipients' own zones shift each send by hours, not the total by days. */
  timeZone: string;
  now: Date;
}

export interface SendEstimate {
  emails: number;
  mailboxes: number;
  /** When the last email can go out; null when nothing will be sent. */
  finishesAt: Date | null;
}

// Past this many the rest is counted in whole sending days at full pace: a confirmation says "about".
const SIMULATED_EMAILS_MAX = 2_000;

/**
 * How long a campaign's first emails take to go out under its mailboxes' limits and send window:
 * each email goes to whichever mailbox can send soonest, as rotation does. For the confirmation
 * "Send 240 emails from 3 mailboxes over about 4 hours".
 */
export function estimateSendSchedule({ emails, mailboxes, window, timeZone, now }: SendEstimateInput): SendEstimate {
  if (emails <= 0 || mailboxes.length === 0) return { emails: Math.max(emails, 0), mailboxes: mailboxes.length, finishesAt: null };
  const simulated = Math.min(emails, SIMULATED_EMAILS_MAX);
  const histories = mailboxes.map((mailbox): Date[] => (mailbox.sentAt ?? []).filter((at) => at.getTime() > now.getTime() - MAILBOX_LIMIT_WINDOW_MS.day && at.getTime() <= now.getTime()));
  const nextSlots = mailboxes.map((limits, index) => nextSendSlot({ limits, sentAt: histories[index] ?? [], window, timeZone, now }));
  let last = now;
  for (let sent = 0; sent < simulated; sent += 1) {
    let pick = 0;
    nextSlots.forEach((slot, index) => {
      if (slot.getTime() < (nextSlots[pick]?.getTime() ?? Infinity)) pick = index;
    });
    const at = nextSlots[pick] ?? now;
    // Only the last day of sends can fill a window.
    const history = (histories[pick] ?? []).filter((send) => send.getTime() > at.getTime() - MAILBOX_LIMIT_WINDOW_MS.day);
    history.push(at);
    histories[pick] = history;
    last = at;
    nextSlots[pick] = nextSendSlot({ limits: mailboxes[pick] as MailboxLimits, sentAt: history, window, timeZone, now: at });
  }
  if (simulated === emails) return { emails, mailboxes: mailboxes.length, finishesAt: last };
  const perDay = mailboxes.reduce((sum, limits) => sum + dailyCapacity(limits, window), 0);
  const extraDays = Math.ceil((emails - simulated) / perDay);
  return { emails, mailboxes: mailboxes.length, finishesAt: afterSendingDays(last, extraDays, window, timeZone) };
}

/** What one mailbox sends on one day of the window at full pace. */
function dailyCapacity(limits: MailboxLimits, window: SendWindow): number {
  const hours = window.endHour - window.startHour;
  return Math.max(1, Math.min(limits.perDay, limits.perHour * hours, limits.perMinute * hours * 60));
}

/** The same wall-clock time `days` sending days (days of the window) after `from`. */
function afterSendingDays(from: Date, days: number, window: SendWindow, timeZone: string): Date {
  const wall = wallClockIn(from, timeZone);
  let offset = 0;
  for (let counted = 0; counted < days; ) {
    offset += 1;
    if (window.days.includes(localDatePlus(from, timeZone, offset).weekday)) counted += 1;
  }
  return zonedInstant(timeZone, { ...localDatePlus(from, timeZone, offset), hour: wall.hour, minute: wall.minute });
}

const plural = (count: number, noun: string, nouns = `${noun}s`) => `${formatNumber(count)} ${count === 1 ? noun : nouns}`;

/** "about 4 hours", "about 3 days": rounded, because limits and windows make anything finer a guess. */
export function roughDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `about ${plural(minutes, 'minute')}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `about ${plural(hours, 'hour')}`;
  return `about ${plural(Math.round(hours / 24), 'day')}`;
}

/** The sentence a start confirmation shows: "Send 240 emails from 3 mailboxes over about 4 hours." */
export function describeSendEstimate(estimate: SendEstimate, now: Date): string {
  if (estimate.finishesAt === null) return estimate.mailboxes === 0 ? 'No mailbox is set up to send from.' : 'No emails to send.';
  return `Send ${plural(estimate.emails, 'email')} from ${plural(estimate.mailboxes, 'mailbox', 'mailboxes')} over ${roughDuration(estimate.finishesAt.getTime() - now.getTime())}.`;
}
