import { wallClockIn, zonedInstant } from '../calendar/zoned-time.ts';

/** Google resets daily API quotas at midnight Pacific time, whatever the caller's time zone. */
export const QUOTA_TIME_ZONE = 'America/Los_Angeles';

const MINUTE_MS = 60_000;

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: QUOTA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The quota day `now` falls in, as YYYY-MM-DD in Pacific time: the key daily usage is counted under. */
export function quotaDay(now: Date): string {
  return dayFormat.format(now);
}

/** The instant the current quota day ends (the next midnight in Pacific time). */
export function nextQuotaReset(now: Date): Date {
  const today = wallClockIn(now, QUOTA_TIME_ZONE);
  // Pacific midnight is never skipped by daylight saving (it changes at 2 am).
  return zonedInstant(QUOTA_TIME_ZONE, { year: today.year, month: today.month, day: today.day + 1 });
}

/** The start of the minute `now` falls in: the key per-minute rate limits are counted under. */
export function minuteWindowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
}
