// Wall-clock time in an IANA zone with nothing but Intl: the send window, business days and the
// recipient's morning all depend on it, and a date library would be the only reason to add one.

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: Weekday;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

// Asking Intl is slow (microseconds a call) and a scheduler tick asks for thousands of enrolments.
// A zone's offset only changes on a quarter hour (every zone in use moves by a multiple of 15 min,
// at a whole or half hour), so one answer per zone and quarter hour is exact.
const OFFSET_BUCKET_MS = 15 * 60_000;
const MAX_CACHED_OFFSETS = 20_000; // per zone: about seven months of quarter hours
const offsets = new Map<string, Map<number, number>>();

/** How far the zone's wall clock is ahead of UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const bucketStart = Math.floor(at.getTime() / OFFSET_BUCKET_MS) * OFFSET_BUCKET_MS;
  let zoneOffsets = offsets.get(timeZone);
  if (!zoneOffsets) {
    zoneOffsets = new Map();
    offsets.set(timeZone, zoneOffsets);
  }
  const cached = zoneOffsets.get(bucketStart);
  if (cached !== undefined) return cached;
  const parts: Record<string, string> = {};
  for (const part of formatFor(timeZone).formatToParts(new Date(bucketStart))) parts[part.type] = part.value;
  const wallAsUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = wallAsUtc - bucketStart;
  if (zoneOffsets.size >= MAX_CACHED_OFFSETS) zoneOffsets.clear();
  zoneOffsets.set(bucketStart, offset);
  return offset;
}

/** What a clock on the wall in `timeZone` shows at the instant `at`. */
export function wallClockIn(at: Date, timeZone: string): WallClock {
  const wall = new Date(at.getTime() + offsetMs(at, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: WEEKDAYS[wall.getUTCDay()] ?? 'sun',
  };
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

/**
 * The instant a wall clock in `timeZone` shows `local`. Day overflow is normalised (day 32 is the
 * next month). A time skipped by daylight saving (02:30 on a spring-forward night) is moved forward
 * by the gap (03:30), as Temporal's "compatible" rule does, so a send window never opens "never".
 */
export function zonedInstant(timeZone: string, local: LocalDateTime): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0);
  const first = asUtc - offsetMs(new Date(asUtc), timeZone);
  const second = asUtc - offsetMs(new Date(first), timeZone);
  if (first === second) return new Date(first);
  // The offsets disagree around a transition: take the candidate whose wall clock reads `local`,
  // else (inside a spring-forward gap) the later one, which is `local` pushed past the gap.
  for (const candidate of [Math.min(first, second), Math.max(first, second)]) {
    const wall = wallClockIn(new Date(candidate), timeZone);
    if (Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) === asUtc) return new Date(candidate);
  }
  return new Date(Math.max(first, second));
}

/** The local calendar date `days` after the one `at` falls on in `timeZone` (days may be negative). */
export function localDatePlus(at: Date, timeZone: string, days: number): { year: number; month: number; day: number; weekday: Weekday } {
  const wall = wallClockIn(at, timeZone);
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: WEEKDAYS[date.getUTCDay()] ?? 'sun' };
}
