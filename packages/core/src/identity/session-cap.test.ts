import { describe, expect, it } from 'vitest';
import { MAX_LIVE_SESSIONS_PER_USER, sessionsBeyondCap, type CappedSession } from './session-cap.ts';
import { SESSION_IDLE_TIMEOUT_MS } from './session-policy.ts';

const now = new Date('2026-12-03T08:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const session = (tokenHash: string, createdMinutesAgo: number): CappedSession => ({
  tokenHash,
  createdAt: minutesAgo(createdMinutesAgo),
  lastSeenAt: minutesAgo(createdMinutesAgo),
  revokedAt: null,
});

describe('sessionsBeyondCap', () => {
  it('ends nothing while the user is under the cap', () => {
    const sessions = [session('new', 0), session('a', 5), session('b', 10)];
    expect(sessionsBeyondCap(sessions, 'new', now, 3)).toEqual([]);
  });

  it('ends the oldest sessions beyond the cap and keeps the newest', () => {
    const sessions = [session('c', 30), session('new', 0), session('a', 10), session('b', 20)];
    expect(sessionsBeyondCap(sessions, 'new', now, 2).sort()).toEqual(['b', 'c']);
  });

  it('always keeps the session just started, even when clocks put it behind the others', () => {
    const sessions = [session('new', 9), session('a', 1), session('b', 2)];
    expect(sessionsBeyondCap(sessions, 'new', now, 2)).toEqual(['b']);
  });

  it('ends expired sessions first, without counting them against the cap', () => {
    const stale = { ...session('stale', 60 * 24 * 8), lastSeenAt: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS) };
    const sessions = [session('new', 0), session('a', 5), stale];
    expect(sessionsBeyondCap(sessions, 'new', now, 3)).toEqual(['stale']);
  });

  it('never leaves more than the cap live, whatever the number of sessions', () => {
    for (const count of [1, MAX_LIVE_SESSIONS_PER_USER, MAX_LIVE_SESSIONS_PER_USER + 1, 3 * MAX_LIVE_SESSIONS_PER_USER]) {
      const sessions = Array.from({ length: count }, (_, index) => session(index === 0 ? 'new' : `s${index}`, index));
      const ended = new Set(sessionsBeyondCap(sessions, 'new', now));
      expect(sessions.length - ended.size).toBe(Math.min(count, MAX_LIVE_SESSIONS_PER_USER));
      expect(ended.has('new')).toBe(false);
    }
  });
});
