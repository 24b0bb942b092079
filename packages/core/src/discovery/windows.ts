/** Google resets daily API quotas at midnight Pacific time, whatever the caller's time zone. */
export const QUOTA_TIME_ZONE = 'America/Los_Angeles';

const MINUTE_MS = 60_000;

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: QUOTA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const wallClockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: QUOTA_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** The quota day `now` falls in, as YYYY-MM-DD in Pacific time: the key daily usage is counted under. */
export function quotaDay(now: Date): string {
  return dayFormat.format(now);
}

/** The instant the current quota day ends (the next midnight in Pacific time). */
export function nextQuotaReset(now: Date): Date {
  const today = wallClock(now);
  const midnightAsUtc = Date.UTC(today.year, today.month - 1, today.day + 1);
  // Pacific midnight is never skipped by daylight saving (it changes at 2 am), so one correction is exact.
  const firstGuess = midnightAsUtc - offsetMs(new Date(midnightAsUtc));
  return new Date(midnightAsUtc - offsetMs(new Date(firstGuess)));
}

/** The start of the minute `now` falls in: the key per-minute rate limits are counted under. */
export function minuteWindowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
}

function wallClock(at: Date) {
  const parts = Object.fromEntries(wallClockFormat.formatToParts(at).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far Pacific wall-clock time is ahead of UTC at `at` (negative: −7 h or −8 h). */
function offsetMs(at: Date): number {
  const wall = wallClock(at);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - Math.floor(at.getTime() / 1000) * 1000;
}
