import { sessionState, type SessionTimes } from './session-policy.ts';

/**
 * Live sessions one user may hold: enough for every browser and device a person uses, few enough
 * that a script signing in over and over cannot grow the sessions table without bound.
 */
export const MAX_LIVE_SESSIONS_PER_USER = 20;

export interface CappedSession extends SessionTimes {
  tokenHash: string;
}

/**
 * The sessions to end so that at most `cap` stay live, given the user's unrevoked sessions and the
 * one just started (always kept). The newest by sign-in time are kept; sessions that have already
 * expired are ended too, as they no longer count as live and only take up room.
 */
export function sessionsBeyondCap(
  sessions: readonly CappedSession[],
  keptTokenHash: string,
  now: Date,
  cap: number = MAX_LIVE_SESSIONS_PER_USER,
): string[] {
  const others = sessions.filter((session) => session.tokenHash !== keptTokenHash && !session.revokedAt);
  const expired = others.filter((session) => sessionState(session, now) !== 'active');
  const newestFirst = others
    .filter((session) => sessionState(session, now) === 'active')
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  const roomForOthers = Math.max(cap - 1, 0);
  return [...expired, ...newestFirst.slice(roomForOthers)].map((session) => session.tokenHash);
}
