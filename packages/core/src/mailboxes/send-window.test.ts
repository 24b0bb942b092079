import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallClockIn, zonedInstant } from '../calendar/zoned-time.ts';
import { checkMailboxSend, MAILBOX_DEFAULT_LIMITS } from './limits.ts';
import { nextSendSlot } from './send-slot.ts';
import { DEFAULT_SEND_WINDOW, isWithinSendWindow, nextWindowOpening, ZSendWindow } from './send-window.ts';

describe('send window', () => {
  const zone = 'Europe/Berlin';
  const local = (day: number, hour: number, minute = 0) => zonedInstant(zone, { year: 2026, month: 3, day, hour, minute });

  it('defaults to weekdays 9–17 and checks its hours', () => {
    expect(ZSendWindow.parse({})).toEqual(DEFAULT_SEND_WINDOW);
    expect(ZSendWindow.parse({ days: ['fri', 'mon', 'mon'] }).days).toEqual(['mon', 'fri']);
    expect(ZSendWindow.safeParse({ startHour: 17, endHour: 9 }).error?.issues[0]?.message).toBe('The window must end after it starts');
    // A hand-made request's hours and days are refused in words, as the calling window's form shows them.
    const messages = (window: unknown) => ZSendWindow.safeParse(window).error?.issues.map((issue) => issue.message);
    expect(messages({ startHour: 24, endHour: 24 })).toEqual(['The first hour is a whole hour from 0 to 23.', 'The window must end after it starts']);
    expect(messages({ startHour: 9.5, endHour: Number.NaN })).toEqual(['The first hour is a whole hour from 0 to 23.', 'The last hour is a whole hour from 1 to 24.']);
    expect(messages({ startHour: 0, endHour: 25 })).toEqual(['The last hour is a whole hour from 1 to 24.']);
    expect(messages({ days: ['someday'] })).toEqual(['Pick days of the week (sun, mon, tue, wed, thu, fri, sat).']);
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

describe('nextSendSlot', () => {
  const zone = 'America/Chicago';
  const local = (day: number, hour: number, minute = 0) => zonedInstant(zone, { year: 2026, month: 3, day, hour, minute });

  it('waits for the window, then for the limit', () => {
    const base = { limits: MAILBOX_DEFAULT_LIMITS, window: DEFAULT_SEND_WINDOW, timeZone: zone };
    expect(nextSendSlot({ ...base, sentAt: [], now: local(7, 12) })).toEqual(local(9, 9));
    expect(nextSendSlot({ ...base, sentAt: [local(9, 9)], now: local(9, 9) })).toEqual(local(9, 9, 1));
    // The day's 20 are spent by Monday afternoon: the next slot is the next morning, 24 h after the first.
    const monday = Array.from({ length: 20 }, (_, index) => local(9, 9 + Math.floor(index / 5) * 2, index % 5));
    expect(nextSendSlot({ ...base, sentAt: monday, now: local(9, 16) })).toEqual(local(10, 9));
  });

  it('simulated sends at random times stay inside the window and every limit (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 * 3_600_000 }), { minLength: 1, maxLength: 80 }), (gaps) => {
        const sentAt: Date[] = [];
        let clock = local(6, 15).getTime();
        for (const gap of gaps) {
          clock += gap;
          const slot = nextSendSlot({ limits: MAILBOX_DEFAULT_LIMITS, sentAt, window: DEFAULT_SEND_WINDOW, timeZone: zone, now: new Date(clock) });
          expect(slot.getTime()).toBeGreaterThanOrEqual(clock);
          expect(isWithinSendWindow(DEFAULT_SEND_WINDOW, zone, slot)).toBe(true);
          expect(checkMailboxSend(MAILBOX_DEFAULT_LIMITS, sentAt, slot).allowed).toBe(true);
          sentAt.push(slot);
          clock = slot.getTime();
        }
        for (const end of sentAt) {
          const within = (ms: number) => sentAt.filter((send) => send.getTime() > end.getTime() - ms && send.getTime() <= end.getTime()).length;
          expect(within(60_000)).toBeLessThanOrEqual(1);
          expect(within(3_600_000)).toBeLessThanOrEqual(5);
          expect(within(86_400_000)).toBeLessThanOrEqual(20);
        }
      }),
      { numRuns: 50 },
    );
  });
});
