import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessDays, isWeekend } from './business-days.ts';
import { wallClockIn, zonedInstant } from './zoned-time.ts';

describe('zoned time', () => {
  it('reads the wall clock of a zone', () => {
    const at = new Date('2026-07-01T12:00:00Z');
    expect(wallClockIn(at, 'America/Chicago')).toMatchObject({ year: 2026, month: 7, day: 1, hour: 7, minute: 0, weekday: 'wed' });
    expect(wallClockIn(at, 'Asia/Kolkata')).toMatchObject({ hour: 17, minute: 30 });
  });

  it('finds the instant of a local time, across daylight saving', () => {
    expect(zonedInstant('Europe/Berlin', { year: 2026, month: 1, day: 15, hour: 9 }).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedInstant('Europe/Berlin', { year: 2026, month: 7, day: 15, hour: 9 }).toISOString()).toBe('2026-07-15T07:00:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin: it moves forward by the gap, to 03:30 CEST.
    expect(zonedInstant('Europe/Berlin', { year: 2026, month: 3, day: 29, hour: 2, minute: 30 }).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('switches offset at the exact instant clocks change', () => {
    // New York springs forward at 2:00 EST, 07:00 UTC on 8 March 2026; Adelaide (+10:30) falls back at 3:00 local.
    expect(wallClockIn(new Date('2026-03-08T06:59:59Z'), 'America/New_York')).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(wallClockIn(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toMatchObject({ hour: 3, minute: 0 });
    expect(wallClockIn(new Date('2026-04-04T16:29:59Z'), 'Australia/Adelaide')).toMatchObject({ day: 5, hour: 2, minute: 59 });
    expect(wallClockIn(new Date('2026-04-04T16:30:00Z'), 'Australia/Adelaide')).toMatchObject({ day: 5, hour: 2, minute: 0 });
  });

  it('round-trips any minute in any of a few zones (property)', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kathmandu', 'America/Sao_Paulo'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const at = new Date(Math.floor(ms / 60_000) * 60_000);
        const wall = wallClockIn(at, zone);
        const back = zonedInstant(zone, wall);
        // An hour repeated when clocks go back has two instants; either reads the same wall clock.
        expect(wallClockIn(back, zone)).toEqual(wall);
      }),
    );
  });
});

describe('business days', () => {
  const zone = 'America/New_York';
  const thursday9am = zonedInstant(zone, { year: 2026, month: 3, day: 5, hour: 9 });

  it('skips the weekend in the given zone', () => {
    const later = addBusinessDays(thursday9am, 3, zone);
    expect(wallClockIn(later, zone)).toMatchObject({ month: 3, day: 10, hour: 9, weekday: 'tue' });
  });

  it('keeps the wall-clock hour across a daylight-saving change (8 March 2026 in New York)', () => {
    const later = addBusinessDays(thursday9am, 3, zone);
    expect(later.getTime() - thursday9am.getTime()).toBe((5 * 24 - 1) * 3_600_000);
  });

  it('counts a weekend start from the Monday', () => {
    const saturday = zonedInstant(zone, { year: 2026, month: 3, day: 7, hour: 10 });
    expect(isWeekend(saturday, zone)).toBe(true);
    expect(wallClockIn(addBusinessDays(saturday, 1, zone), zone)).toMatchObject({ day: 9, weekday: 'mon' });
  });

  it('judges the weekend by the zone, not UTC', () => {
    // Friday 22:00 in New York is already Saturday in UTC.
    const fridayNight = zonedInstant(zone, { year: 2026, month: 3, day: 6, hour: 22 });
    expect(isWeekend(fridayNight, 'UTC')).toBe(true);
    expect(isWeekend(fridayNight, zone)).toBe(false);
  });

  it('never lands on a weekend and always moves forward (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }), fc.integer({ min: 1, max: 30 }), (ms, days) => {
        const start = new Date(ms);
        const later = addBusinessDays(start, days, zone);
        expect(isWeekend(later, zone)).toBe(false);
        expect(later.getTime()).toBeGreaterThan(start.getTime());
        // n business days span at least n calendar days and at most n + 2 per week started.
        expect(later.getTime() - start.getTime()).toBeLessThanOrEqual((days + 2 * Math.ceil(days / 5) + 2) * 86_400_000);
      }),
    );
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addBusinessDays(thursday9am, -1, zone)).toThrow(RangeError);
    expect(() => addBusinessDays(thursday9am, 1.5, zone)).toThrow(RangeError);
  });
});
