import { describe, expect, it } from 'vitest';
import { wallClockIn, zonedInstant } from '../calendar/zoned-time.ts';
import { MAILBOX_DEFAULT_LIMITS } from './limits.ts';
import { describeSendEstimate, estimateSendSchedule, roughDuration } from './send-estimate.ts';
import { DEFAULT_SEND_WINDOW } from './send-window.ts';

const zone = 'America/Chicago';
// Monday 9 March 2026, 9:00 in Chicago.
const monday9 = zonedInstant(zone, { year: 2026, month: 3, day: 9, hour: 9 });
const base = { window: DEFAULT_SEND_WINDOW, timeZone: zone, now: monday9 };

describe('estimateSendSchedule', () => {
  it('spreads emails across mailboxes at their pace', () => {
    // Five an hour each: 15 emails from 3 mailboxes fit in the first hour (one a minute each).
    const estimate = estimateSendSchedule({ ...base, emails: 15, mailboxes: [MAILBOX_DEFAULT_LIMITS, MAILBOX_DEFAULT_LIMITS, MAILBOX_DEFAULT_LIMITS] });
    expect(estimate.finishesAt).toEqual(new Date(monday9.getTime() + 4 * 60_000));
    expect(describeSendEstimate(estimate, monday9)).toBe('Send 15 emails from 3 mailboxes over about 4 minutes.');
  });

  it('carries over to the next days when the daily limit is spent', () => {
    // 20 a day from one mailbox: 60 emails take Monday, Tuesday and Wednesday.
    const estimate = estimateSendSchedule({ ...base, emails: 60, mailboxes: [MAILBOX_DEFAULT_LIMITS] });
    expect(wallClockIn(estimate.finishesAt ?? monday9, zone)).toMatchObject({ weekday: 'wed', day: 11 });
    expect(describeSendEstimate(estimate, monday9)).toBe('Send 60 emails from 1 mailbox over about 2 days.');
  });

  it('extrapolates past what it simulates', () => {
    const estimate = estimateSendSchedule({ ...base, emails: 50_000, mailboxes: [{ perMinute: 60, perHour: 1000, perDay: 2000 }] });
    const days = ((estimate.finishesAt?.getTime() ?? 0) - monday9.getTime()) / 86_400_000;
    // 25 sending days, with weekends between: about five weeks.
    expect(days).toBeGreaterThan(30);
    expect(days).toBeLessThan(40);
  });

  it('says when nothing will be sent', () => {
    expect(describeSendEstimate(estimateSendSchedule({ ...base, emails: 10, mailboxes: [] }), monday9)).toBe('No mailbox is set up to send from.');
    expect(describeSendEstimate(estimateSendSchedule({ ...base, emails: 0, mailboxes: [MAILBOX_DEFAULT_LIMITS] }), monday9)).toBe('No emails to send.');
  });

  it('rounds durations to what is worth saying', () => {
    expect(roughDuration(10_000)).toBe('about 1 minute');
    expect(roughDuration(4.4 * 3_600_000)).toBe('about 4 hours');
    expect(roughDuration(60 * 3_600_000)).toBe('about 3 days');
  });
});
