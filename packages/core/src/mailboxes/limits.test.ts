import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMailboxSend, MAILBOX_DEFAULT_LIMITS, MAILBOX_LIMIT_WINDOW_MS, MAILBOX_LIMIT_WINDOWS, mailboxLimitFor, ZMailboxLimits, type MailboxLimits } from './limits.ts';
import { mailboxHeadroom, mailboxRoomNotice, mailboxRoomWait, pickMailbox, type MailboxCandidate } from './rotation.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 2, 2) + ms);

describe('mailbox limits', () => {
  it('defaults to 1 a minute, 5 an hour, 20 a day', () => {
    expect(ZMailboxLimits.parse({})).toEqual({ perMinute: 1, perHour: 5, perDay: 20 });
    expect(ZMailboxLimits.safeParse({ perMinute: 10, perHour: 5 }).error?.issues[0]?.message).toBe('Limits must grow with the window: per minute ≤ per hour ≤ per day');
    expect(ZMailboxLimits.safeParse({ perDay: 0 }).success).toBe(false);
  });

  it('refuses a second send in the same rolling minute and says when the next fits', () => {
    expect(checkMailboxSend(MAILBOX_DEFAULT_LIMITS, [], at(0))).toEqual({ allowed: true });
    expect(checkMailboxSend(MAILBOX_DEFAULT_LIMITS, [at(0)], at(59_999))).toEqual({ allowed: false, window: 'minute', nextAllowedAt: at(60_000) });
    expect(checkMailboxSend(MAILBOX_DEFAULT_LIMITS, [at(0)], at(60_000))).toEqual({ allowed: true });
  });

  it('names the window that frees last when several are full', () => {
    const fiveThisHour = [0, 1, 2, 3, 4].map((minute) => at(minute * 60_000));
    expect(checkMailboxSend(MAILBOX_DEFAULT_LIMITS, fiveThisHour, at(4 * 60_000 + 1))).toEqual({ allowed: false, window: 'hour', nextAllowedAt: at(3_600_000) });
  });

  it('never lets any window hold more than its limit, whatever the timing (property)', () => {
    const limitsArb = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 30 }))
      .map(([minute, hour, day]): MailboxLimits => ({ perMinute: minute, perHour: Math.max(minute, hour), perDay: Math.max(minute, hour, day) }));
    // Attempts at random gaps (many bunched within a minute, some hours apart), over about two days.
    const gapsArb = fc.array(fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 3 * 3_600_000 })), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(limitsArb, gapsArb, (limits, gaps) => {
        const sent: Date[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          if (checkMailboxSend(limits, sent, at(now)).allowed) sent.push(at(now));
        }
        // Every window that could be the fullest ends at a send: check each one.
        for (const window of MAILBOX_LIMIT_WINDOWS) {
          const windowMs = MAILBOX_LIMIT_WINDOW_MS[window];
          for (const end of sent) {
            const count = sent.filter((send) => send.getTime() > end.getTime() - windowMs && send.getTime() <= end.getTime()).length;
            expect(count).toBeLessThanOrEqual(mailboxLimitFor(limits, window));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('waits exactly until the reported time, then allows (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 86_400_000 }), { maxLength: 40 }), fc.integer({ min: 0, max: 86_400_000 }), (offsets, nowMs) => {
        const sent = offsets.filter((ms) => ms <= nowMs).map(at);
        const check = checkMailboxSend(MAILBOX_DEFAULT_LIMITS, sent, at(nowMs));
        if (check.allowed) return;
        expect(check.nextAllowedAt.getTime()).toBeGreaterThan(at(nowMs).getTime());
        expect(checkMailboxSend(MAILBOX_DEFAULT_LIMITS, sent, check.nextAllowedAt).allowed).toBe(true);
        expect(checkMailboxSend(MAILBOX_DEFAULT_LIMITS, sent, new Date(check.nextAllowedAt.getTime() - 1)).allowed).toBe(false);
      }),
    );
  });
});

describe('mailbox rotation', () => {
  const candidate = (id: string, used: MailboxCandidate['used'], limits: MailboxLimits = { perMinute: 2, perHour: 10, perDay: 50 }): MailboxCandidate => ({ id, limits, used });

  it('picks the mailbox with the most room, then the most left today, then by id', () => {
    const a = candidate('a', { minute: 1, hour: 1, day: 1 });
    const b = candidate('b', { minute: 0, hour: 5, day: 30 });
    const c = candidate('c', { minute: 0, hour: 2, day: 2 });
    const d = candidate('d', { minute: 0, hour: 2, day: 2 });
    expect(mailboxHeadroom(a)).toBe(1);
    expect(pickMailbox([a, b, d, c])?.id).toBe('c');
    expect(pickMailbox([a, b])?.id).toBe('b');
  });

  it('skips full mailboxes and answers null when all are full', () => {
    const full = candidate('full', { minute: 0, hour: 0, day: 50 });
    const busy = candidate('busy', { minute: 2, hour: 3, day: 3 });
    expect(pickMailbox([full, busy])).toBeNull();
    expect(pickMailbox([])).toBeNull();
  });

  it('says how long, at most, until a full rotation has room: a full minute waits a minute, not a quarter hour', () => {
    const minuteFull = candidate('minute', { minute: 2, hour: 3, day: 3 });
    const hourFull = candidate('hour', { minute: 2, hour: 10, day: 10 });
    const dayFull = candidate('day', { minute: 0, hour: 0, day: 50 });
    expect(mailboxRoomWait([minuteFull])).toEqual({ window: 'minute', withinMs: 60_000 });
    expect(mailboxRoomWait([hourFull, dayFull])).toEqual({ window: 'hour', withinMs: 3_600_000 });
    expect(mailboxRoomWait([dayFull, minuteFull])).toEqual({ window: 'minute', withinMs: 60_000 });
    expect(mailboxRoomWait([candidate('free', { minute: 0, hour: 0, day: 0 })])).toEqual({ window: 'minute', withinMs: 0 });
    expect(mailboxRoomWait([])).toBeNull();
    expect(mailboxRoomNotice(mailboxRoomWait([hourFull]))).toMatch(/^Every mailbox of this campaign is at its per-hour limit: the next emails wait up to an hour\./);
    expect(mailboxRoomNotice(mailboxRoomWait([candidate('free', { minute: 0, hour: 0, day: 0 })]))).toBeNull();
    expect(mailboxRoomNotice(null)).toBeNull();
  });

  it('gives the same answer whatever the order (property)', () => {
    const arb = fc.uniqueArray(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), minute: fc.nat(2), hour: fc.nat(10), day: fc.nat(50) }),
      { selector: (row) => row.id, maxLength: 8 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const candidates = rows.map((row) => candidate(row.id, row));
        const picked = pickMailbox(candidates);
        expect(pickMailbox([...candidates].reverse())?.id).toBe(picked?.id);
        if (picked) for (const other of candidates) expect(mailboxHeadroom(picked)).toBeGreaterThanOrEqual(mailboxHeadroom(other));
      }),
    );
  });
});
