// Emails the dispatcher put off because their recipient's send window was closed, summed up for the
// campaign pages. The dispatcher records why on the send (`failure`, with the zone it read); the pages
// count the sends still waiting with that reason, by zone, and say when the first window opens.
import { wallClockIn } from '../calendar/zoned-time.ts';
import { formatNumber } from '../text/number.ts';
import { roughDuration } from './send-estimate.ts';

const REASON_START = 'Outside the send window (';
const REASON_END = ').';

/** What the dispatcher records on a send it defers to the window's opening in `zone`. */
export function outsideSendWindowReason(zone: string): string {
  return `${REASON_START}${zone}${REASON_END}`;
}

/** A SQL `like` pattern matching every outsideSendWindowReason (the start holds no `%` or `_`). */
export const OUTSIDE_SEND_WINDOW_REASON_LIKE = `${REASON_START}%`;

/** The zone an outsideSendWindowReason names, else null (another reason). */
export function zoneOfSendWindowReason(reason: string): string | null {
  if (!reason.startsWith(REASON_START) || !reason.endsWith(REASON_END)) return null;
  const zone = reason.slice(REASON_START.length, -REASON_END.length);
  return zone.length > 0 ? zone : null;
}

/** Waiting sends deferred with one reason: how many, and the earliest time one of them is due. */
export interface SendWindowWaitGroup {
  reason: string;
  sends: number;
  nextAt: Date;
}

export interface SendWindowWait {
  /** Emails waiting for their recipient's window to open (of those the reader read). */
  waiting: number;
  /** The reader stopped at its cap: more than `waiting` may wait. */
  more: boolean;
  /** How many recipient zones they wait in (of those counted). */
  zones: number;
  /** The first window to open, and the zone it opens in. */
  next: { at: Date; zone: string };
}

/**
 * The groups read together (any with another reason left out); null when no email waits for a window.
 * `more`: the reader stopped at its cap, so the counts are a floor.
 */
export function sendWindowWait(groups: readonly SendWindowWaitGroup[], more = false): SendWindowWait | null {
  let waiting = 0;
  let next: SendWindowWait['next'] | null = null;
  const zones = new Set<string>();
  for (const group of groups) {
    const zone = zoneOfSendWindowReason(group.reason);
    if (!zone || group.sends <= 0) continue;
    waiting += group.sends;
    zones.add(zone);
    if (!next || group.nextAt.getTime() < next.at.getTime()) next = { at: group.nextAt, zone };
  }
  if (!next) return null;
  return { waiting, more, zones: zones.size, next };
}

const pad = (value: number) => String(value).padStart(2, '0');
const DAY_MS = 24 * 60 * 60_000;
const WEEKDAY_LABELS = { sun: 'Sunday', mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday' } as const;

/**
 * "312 emails waiting for their recipients' send window; the next opens at 09:00 in America/New_York
 * (in about 2 hours)." The time is the recipient's wall clock; 23 hours away or more also names the weekday
 * (the same hour tomorrow would read as today's).
 */
export function sendWindowWaitNotice(wait: SendWindowWait, now: Date): string {
  const count = wait.more ? `At least ${formatNumber(wait.waiting)}` : formatNumber(wait.waiting);
  const emails = `${count} ${wait.waiting === 1 && !wait.more ? 'email waiting for its recipient’s' : 'emails waiting for their recipients’'} send window`;
  const across = wait.zones > 1 ? ` in ${wait.more ? 'at least ' : ''}${formatNumber(wait.zones)} time zones` : '';
  const inMs = wait.next.at.getTime() - now.getTime();
  // A deferred send past its time is due now: the dispatcher takes it on its next pass.
  if (inMs <= 0) return `${emails}${across}; the window in ${wait.next.zone} is open now and they go out shortly.`;
  const wall = wallClockIn(wait.next.at, wait.next.zone);
  const day = inMs >= DAY_MS - 60 * 60_000 ? ` on ${WEEKDAY_LABELS[wall.weekday]}` : '';
  return `${emails}${across}; the next opens${day} at ${pad(wall.hour)}:${pad(wall.minute)} in ${wait.next.zone} (in ${roughDuration(inMs)}).`;
}
