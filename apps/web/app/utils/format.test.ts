import { describe, expect, it } from 'vitest';
import { formatCount, formatDollars, formatElapsed, formatUtcDate, formatUtcDateTime, formatUtcTime } from './format.ts';

describe('formatCount', () => {
  it('shows an exact count as it is, and an estimate as one, to two significant figures', () => {
    expect(formatCount({ count: 237, exact: true })).toBe('237');
    expect(formatCount({ count: 1_000, exact: true })).toBe('1,000');
    expect(formatCount({ count: 100_412, exact: false })).toBe('about 100,000');
    expect(formatCount({ count: 5_137, exact: false })).toBe('about 5,100');
    expect(formatCount({ count: 1_001, exact: false })).toBe('about 1,000');
    expect(formatCount({ count: 987_654, exact: false })).toBe('about 990,000');
  });
});

describe('formatElapsed', () => {
  it('reads like a clock: minutes and zero-padded seconds, hours once past an hour, never below zero', () => {
    expect(formatElapsed(7_400)).toBe('0:07');
    expect(formatElapsed(754_000)).toBe('12:34');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
    // A server clock a little ahead of the browser's must not show "-0:01".
    expect(formatElapsed(-900)).toBe('0:00');
  });
});

describe('formatDollars', () => {
  it('shows cents and thousands separators', () => {
    expect(formatDollars(0.1234)).toBe('$0.12');
    expect(formatDollars(1234.5)).toBe('$1,234.50');
    expect(formatDollars(0)).toBe('$0.00');
  });
});

describe('formatUtcDateTime, formatUtcDate and formatUtcTime', () => {
  it('show the moment on the UTC clock and name the zone, whatever the server’s own zone', () => {
    // 23:30 on Dec 1 in UTC is already Dec 2 in Berlin and still Dec 1 in Chicago: only UTC is right.
    expect(formatUtcDateTime(new Date('2026-12-01T23:30:05Z'))).toBe('Dec 1, 2026, 11:30:05 PM UTC');
    expect(formatUtcDateTime('2026-12-02T06:05:09.000Z')).toBe('Dec 2, 2026, 6:05:09 AM UTC');
    expect(formatUtcTime(new Date('2026-12-01T23:30:05Z'))).toBe('11:30:05 PM UTC');
    expect(formatUtcDate(new Date('2026-12-01T23:30:05Z'))).toBe('Dec 1, 2026');
  });
});
