import { wallClockIn, WEEKDAYS, zonedInstant, type Weekday } from './zoned-time.ts';

const WEEKEND: readonly Weekday[] = ['sat', 'sun'];

/** Whether `at` falls on a Saturday or Sunday on the wall calendar of `timeZone`. */
export function isWeekend(at: Date, timeZone: string): boolean {
  return WEEKEND.includes(wallClockIn(at, timeZone).weekday);
}

/**
 * `days` business days after `start`, at the same wall-clock time in `timeZone`, skipping Saturdays
 * and Sundays there: "3 business days" after a Thursday morning is the next Tuesday morning, whatever
 * the server's zone. Public holidays are not known and count as business days.
 */
export function addBusinessDays(start: Date, days: number, timeZone: string): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Business days must be a whole number ≥ 0, not ${days}.`);
  if (days === 0) return start;
  const wall = wallClockIn(start, timeZone);
  // Walk the local calendar as UTC dates: no zone is involved until the final conversion.
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  let counted = 0;
  while (counted < days) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (!WEEKEND.includes(WEEKDAYS[date.getUTCDay()] ?? 'sun')) counted += 1;
  }
  return zonedInstant(timeZone, { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: wall.hour, minute: wall.minute, second: wall.second });
}
