import { describe, expect, it } from 'vitest';
import { minuteWindowStart, nextQuotaReset, quotaDay } from './windows.ts';

describe('quota windows', () => {
  it('counts the day in Pacific time, when Google resets quotas', () => {
    // 06:30 UTC on 10 March is still 9 March in California (PST, UTC−8).
    expect(quotaDay(new Date('2026-03-10T06:30:00Z'))).toBe('2026-03-09');
    expect(quotaDay(new Date('2026-03-10T08:00:00Z'))).toBe('2026-03-10');
  });

  it('resets at the next Pacific midnight, in winter and in summer time', () => {
    expect(nextQuotaReset(new Date('2026-01-15T12:00:00Z')).toISOString()).toBe('2026-01-16T08:00:00.000Z');
    expect(nextQuotaReset(new Date('2026-07-15T12:00:00Z')).toISOString()).toBe('2026-07-16T07:00:00.000Z');
  });

  it('resets correctly across the daylight saving changes', () => {
    // The day clocks spring forward (8 March 2026) and fall back (1 November 2026).
    expect(nextQuotaReset(new Date('2026-03-08T09:00:00Z')).toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(nextQuotaReset(new Date('2026-11-01T08:00:00Z')).toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });

  it('moves the reset to the following day exactly at midnight', () => {
    const midnight = new Date('2026-01-16T08:00:00Z');
    expect(quotaDay(midnight)).toBe('2026-01-16');
    expect(nextQuotaReset(midnight).toISOString()).toBe('2026-01-17T08:00:00.000Z');
  });

  it('starts minute windows on the minute', () => {
    expect(minuteWindowStart(new Date('2026-01-15T12:34:56.789Z')).toISOString()).toBe('2026-01-15T12:34:00.000Z');
  });
});
