import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallClockIn, zonedInstant } from '../calendar/zoned-time.ts';
import { isTimeZone } from '../system/time-zone.ts';
import { COUNTRY_TIME_ZONES } from './country-time-zones.ts';
import { mailboxHealth } from './health.ts';
import { recipientTimeZone } from './recipient-time-zone.ts';
import { COUNTRY_DEFAULT_ZONES, REGION_TIME_ZONES } from './region-time-zones.ts';
import { DEFAULT_SEND_WINDOW, isWithinSendWindow, nextWindowOpening, ZSendWindow } from './send-window.ts';

describe('send window', () => {
  const zone = 'Europe/Berlin';
  const local = (day: number, hour: number, minute = 0) => zonedInstant(zone, { year: 2026, month: 3, day, hour, minute });

  it('defaults to weekdays 9–17 and checks its hours', () => {
    expect(ZSendWindow.parse({})).toEqual(DEFAULT_SEND_WINDOW);
    expect(ZSendWindow.parse({ days: ['fri', 'mon', 'mon'] }).days).toEqual(['mon', 'fri']);
    expect(ZSendWindow.safeParse({ startHour: 17, endHour: 9 }).error?.issues[0]?.message).toBe('The window must end after it starts');
    expect(ZSendWindow.safeParse({ days: [] }).success).toBe(false);
  });

  it('reads the hours on the recipient’s wall clock', () => {
    // Monday 2 March 2026: 9:00 Berlin is 8:00 UTC.
    expect(isWithinSendWindow(DEFAULT_SEND_WINDOW, zone, local(2, 9))).toBe(true);
    expect(isWithinSendWindow(DEFAULT_SEND_WINDOW, zone, local(2, 8, 59))).toBe(false);
    expect(isWithinSendWindow(DEFAULT_SEND_WINDOW, zone, local(2, 17))).toBe(false);
    expect(isWithinSendWindow(DEFAULT_SEND_WINDOW, 'UTC', local(2, 9))).toBe(false);
  });

  it('finds the next opening: now when open, later today, or after the weekend', () => {
    expect(nextWindowOpening(DEFAULT_SEND_WINDOW, zone, local(2, 10))).toEqual(local(2, 10));
    expect(nextWindowOpening(DEFAULT_SEND_WINDOW, zone, local(2, 7))).toEqual(local(2, 9));
    expect(nextWindowOpening(DEFAULT_SEND_WINDOW, zone, local(6, 17, 30))).toEqual(local(9, 9));
    expect(nextWindowOpening({ days: ['wed'], startHour: 0, endHour: 24 }, zone, local(5, 0))).toEqual(local(11, 0));
  });

  it('always answers an instant inside the window, never before now (property)', () => {
    const windowArb = fc
      .record({ days: fc.subarray(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const, { minLength: 1 }), start: fc.integer({ min: 0, max: 23 }), length: fc.integer({ min: 1, max: 24 }) })
      .map(({ days, start, length }) => ZSendWindow.parse({ days, startHour: start, endHour: Math.min(24, start + length) }));
    const zones = ['UTC', 'America/New_York', 'Australia/Adelaide', 'Asia/Kathmandu', 'Europe/London'];
    fc.assert(
      fc.property(windowArb, fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }), (window, tz, ms) => {
        const now = new Date(ms);
        const opening = nextWindowOpening(window, tz, now);
        expect(opening.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(opening.getTime() - now.getTime()).toBeLessThanOrEqual(8 * 86_400_000);
        // Daylight saving can swallow the opening hour; then the window opens when the clock jumps.
        const wall = wallClockIn(opening, tz);
        if (!isWithinSendWindow(window, tz, opening)) expect(wall.hour).toBe(window.startHour + 1);
        if (isWithinSendWindow(window, tz, now)) expect(opening).toEqual(now);
      }),
    );
  });
});

describe('recipient time zone', () => {
  it('knows single-zone countries by code or name', () => {
    expect(recipientTimeZone({ country: 'DE' }, 'UTC')).toBe('Europe/Berlin');
    expect(recipientTimeZone({ country: 'Deutschland' }, 'UTC')).toBe('Europe/Berlin');
    expect(recipientTimeZone({ country: 'India', region: 'Goa' }, 'UTC')).toBe('Asia/Kolkata');
  });

  it('reads the region of a country spanning zones, by code or name', () => {
    expect(recipientTimeZone({ country: 'US', region: 'TX' }, 'UTC')).toBe('America/Chicago');
    expect(recipientTimeZone({ country: 'United States', region: 'california' }, 'UTC')).toBe('America/Los_Angeles');
    expect(recipientTimeZone({ country: 'CA', region: 'Québec' }, 'UTC')).toBe('America/Toronto');
    expect(recipientTimeZone({ country: 'AU', region: 'WA' }, 'UTC')).toBe('Australia/Perth');
    expect(recipientTimeZone({ country: 'BR', region: 'São Paulo' }, 'UTC')).toBe('America/Sao_Paulo');
    expect(recipientTimeZone({ country: 'MX', region: 'Oaxaca' }, 'UTC')).toBe('America/Mexico_City');
  });

  it("falls back to the campaign's zone", () => {
    expect(recipientTimeZone({ country: 'US' }, 'America/Denver')).toBe('America/Denver');
    expect(recipientTimeZone({ country: 'US', region: 'Atlantis' }, 'America/Denver')).toBe('America/Denver');
    expect(recipientTimeZone({}, 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(recipientTimeZone({ country: 'Narnia' }, 'Asia/Tokyo')).toBe('Asia/Tokyo');
  });

  it('maps only to zones this runtime knows', () => {
    const zones = [...Object.values(COUNTRY_TIME_ZONES), ...Object.values(COUNTRY_DEFAULT_ZONES), ...Object.values(REGION_TIME_ZONES).flatMap((regions) => Object.values(regions).map(([, zone]) => zone))];
    expect(zones.filter((zone) => !isTimeZone(zone))).toEqual([]);
  });
});

describe('mailbox health', () => {
  it('stays healthy at the limits', () => {
    expect(mailboxHealth({ sends: 200, hardBounces: 4, complaints: 0 })).toEqual({ healthy: true });
    expect(mailboxHealth({ sends: 3, hardBounces: 1, complaints: 0 })).toEqual({ healthy: true });
  });

  it('pauses over 2 % hard bounces or 0.1 % complaints, and says why', () => {
    expect(mailboxHealth({ sends: 200, hardBounces: 5, complaints: 0 })).toEqual({
      healthy: false,
      rule: 'hard_bounces',
      reason: 'Paused: 5 hard bounces in the last 200 sends (2.5 % of 200, over the 2.0 % limit).',
    });
    expect(mailboxHealth({ sends: 40, hardBounces: 0, complaints: 1 })).toEqual({
      healthy: false,
      rule: 'complaints',
      reason: 'Paused: 1 spam complaint in its first 40 sends (over the 0.10 % limit).',
    });
  });
});
