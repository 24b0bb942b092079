import { mailboxLimitFor, MAILBOX_LIMIT_WINDOW_MS, MAILBOX_LIMIT_WINDOWS, type MailboxLimits, type MailboxLimitWindow } from './limits.ts';

export interface MailboxCandidate {
  id: string;
  limits: MailboxLimits;
  /** Sends already counted in each window (as the slot limiter sees them). */
  used: Readonly<Record<MailboxLimitWindow, number>>;
}

/** How many more sends fit before the tightest window is full. */
export function mailboxHeadroom(candidate: MailboxCandidate): number {
  return Math.min(...MAILBOX_LIMIT_WINDOWS.map((window) => mailboxLimitFor(candidate.limits, window) - candidate.used[window]));
}

/**
 * The campaign mailbox to send the next email from: one with room in every window, the most room
 * first, then the most left for the day (so the day's sends spread across mailboxes), then by id so
 * two workers asking the same question get the same answer. Null when all are full.
 */
export function pickMailbox<Candidate extends MailboxCandidate>(candidates: readonly Candidate[]): Candidate | null {
  let best: { candidate: Candidate; headroom: number; dayLeft: number } | null = null;
  for (const candidate of candidates) {
    const headroom = mailboxHeadroom(candidate);
    if (headroom <= 0) continue;
    const dayLeft = candidate.limits.perDay - candidate.used.day;
    const better =
      !best ||
      headroom > best.headroom ||
      (headroom === best.headroom && (dayLeft > best.dayLeft || (dayLeft === best.dayLeft && candidate.id < best.candidate.id)));
    if (better) best = { candidate, headroom, dayLeft };
  }
  return best?.candidate ?? null;
}

/** When mailboxes are full: the window that holds them up and, at most, how long until one has room. */
export interface MailboxRoomWait {
  window: MailboxLimitWindow;
  /** A full window frees a slot within its own length, so this is an upper bound on the wait. */
  withinMs: number;
}

/**
 * How long, at most, until some candidate has room in every window: for each, the longest of its full
 * windows; the soonest of those. Null when there is no candidate. A batch that fills the campaign's
 * mailboxes' minute waits a minute, not as long as a missing mailbox does.
 */
export function mailboxRoomWait(candidates: readonly MailboxCandidate[]): MailboxRoomWait | null {
  let soonest: MailboxRoomWait | null = null;
  for (const candidate of candidates) {
    const full = MAILBOX_LIMIT_WINDOWS.filter((window) => candidate.used[window] >= mailboxLimitFor(candidate.limits, window));
    const longest = full.at(-1);
    const wait: MailboxRoomWait = longest ? { window: longest, withinMs: MAILBOX_LIMIT_WINDOW_MS[longest] } : { window: 'minute', withinMs: 0 };
    if (!soonest || wait.withinMs < soonest.withinMs) soonest = wait;
  }
  return soonest;
}

const ROOM_WAIT_NOTICES: Readonly<Record<MailboxLimitWindow, string>> = Object.freeze({
  minute: 'Every mailbox of this campaign is at its per-minute limit: emails go out as fast as the limits allow.',
  hour: 'Every mailbox of this campaign is at its per-hour limit: the next emails wait up to an hour. Raise the limits or add a mailbox to send faster.',
  day: 'Every mailbox of this campaign is at its per-day limit: the next emails wait up to a day. Raise the limits or add a mailbox to send faster.',
});

/** What the campaign page says while its mailboxes' limits hold emails back; null while one has room. */
export function mailboxRoomNotice(wait: MailboxRoomWait | null): string | null {
  return wait && wait.withinMs > 0 ? ROOM_WAIT_NOTICES[wait.window] : null;
}
