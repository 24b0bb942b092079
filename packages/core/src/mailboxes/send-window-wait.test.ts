import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../calendar/zoned-time.ts';
import { OUTSIDE_SEND_WINDOW_REASON_LIKE, outsideSendWindowReason, sendWindowWait, sendWindowWaitNotice, zoneOfSendWindowReason } from './send-window-wait.ts';

describe('emails waiting for their send window', () => {
  it('reads back the zone the dispatcher wrote into the reason, and nothing from another reason', () => {
    expect(zoneOfSendWindowReason(outsideSendWindowReason('America/New_York'))).toBe('America/New_York');
    expect(zoneOfSendWindowReason('Mailbox a@b.test is at its limit.')).toBeNull();
    expect(zoneOfSendWindowReason('Outside the send window ().')).toBeNull();
    // The like pattern is the reason's fixed start: every reason written matches it.
    expect(outsideSendWindowReason('Europe/Berlin').startsWith(OUTSIDE_SEND_WINDOW_REASON_LIKE.slice(0, -1))).toBe(true);
  });

  it('adds up the zones and picks the window that opens first', () => {
    const ny = zonedInstant('America/New_York', { year: 2026, month: 12, day: 3, hour: 9 });
    const berlin = zonedInstant('Europe/Berlin', { year: 2026, month: 12, day: 4, hour: 9 });
    const wait = sendWindowWait([
      { reason: outsideSendWindowReason('Europe/Berlin'), sends: 12, nextAt: berlin },
      { reason: outsideSendWindowReason('America/New_York'), sends: 300, nextAt: ny },
      { reason: 'Every mailbox of this campaign is at its per-day limit: the email waits for room.', sends: 40, nextAt: new Date(0) },
    ]);
    expect(wait).toEqual({ waiting: 312, more: false, zones: 2, next: { at: ny, zone: 'America/New_York' } });
    expect(sendWindowWait([{ reason: 'No active mailbox with room in this campaign: add one or raise its limits.', sends: 3, nextAt: ny }])).toBeNull();
    expect(sendWindowWait([])).toBeNull();
  });

  it('says how many wait, and when and where the next window opens on the recipient’s clock', () => {
    const opens = zonedInstant('America/New_York', { year: 2026, month: 12, day: 3, hour: 9 });
    const now = new Date(opens.getTime() - 2 * 60 * 60_000);
    expect(sendWindowWaitNotice({ waiting: 312, more: false, zones: 1, next: { at: opens, zone: 'America/New_York' } }, now)).toBe(
      '312 emails waiting for their recipients’ send window; the next opens at 09:00 in America/New_York (in about 2 hours).',
    );
    expect(sendWindowWaitNotice({ waiting: 1, more: false, zones: 1, next: { at: opens, zone: 'America/New_York' } }, now)).toBe(
      '1 email waiting for its recipient’s send window; the next opens at 09:00 in America/New_York (in about 2 hours).',
    );
  });

  it('names the weekday when the next window is a day or more away, and the zones when there are several', () => {
    // Friday 17:30 in Berlin: the window opens on Monday at 09:00.
    const opens = zonedInstant('Europe/Berlin', { year: 2026, month: 12, day: 7, hour: 9 });
    const now = zonedInstant('Europe/Berlin', { year: 2026, month: 12, day: 4, hour: 17, minute: 30 });
    expect(sendWindowWaitNotice({ waiting: 2500, more: false, zones: 3, next: { at: opens, zone: 'Europe/Berlin' } }, now)).toBe(
      '2,500 emails waiting for their recipients’ send window in 3 time zones; the next opens on Monday at 09:00 in Europe/Berlin (in about 3 days).',
    );
  });

  it('says the window is open when the first deferred email is already due (the dispatcher has not taken it yet)', () => {
    const opened = zonedInstant('America/New_York', { year: 2026, month: 12, day: 3, hour: 9 });
    expect(sendWindowWaitNotice({ waiting: 3, more: false, zones: 1, next: { at: opened, zone: 'America/New_York' } }, new Date(opened.getTime() + 1_000))).toBe(
      '3 emails waiting for their recipients’ send window; the window in America/New_York is open now and they go out shortly.',
    );
  });

  it('says “at least” when the reader stopped at its cap', () => {
    const opens = zonedInstant('Asia/Tokyo', { year: 2026, month: 12, day: 4, hour: 9 });
    const now = new Date(opens.getTime() - 30 * 60_000);
    const wait = sendWindowWait(
      [
        { reason: outsideSendWindowReason('Asia/Tokyo'), sends: 6_000, nextAt: opens },
        { reason: outsideSendWindowReason('Europe/Berlin'), sends: 3_000, nextAt: new Date(opens.getTime() + 8 * 60 * 60_000) },
      ],
      true,
    );
    expect(wait).toMatchObject({ waiting: 9_000, more: true, zones: 2 });
    expect(sendWindowWaitNotice(wait!, now)).toBe(
      'At least 9,000 emails waiting for their recipients’ send window in at least 2 time zones; the next opens at 09:00 in Asia/Tokyo (in about 30 minutes).',
    );
    expect(sendWindowWait([{ reason: outsideSendWindowReason('Asia/Tokyo'), sends: 1, nextAt: opens }], true)).toMatchObject({ waiting: 1, more: true });
  });
});
