// Seed 004's schedule: a retriable failure is tried again after 5 min, 15 min, then 1 h; after that
// the send fails for good, so a broken provider cannot hold an enrolment forever.
export const SEND_RETRY_DELAYS_S: readonly number[] = Object.freeze([300, 900, 3600]);
/** The first attempt plus one per retry delay. */
export const SEND_MAX_ATTEMPTS = SEND_RETRY_DELAYS_S.length + 1;
/** A provider's retry-after beyond a day is treated as a day: the send fails on its own schedule, not the provider's whim. */
export const SEND_RETRY_AFTER_MAX_S = 86_400;
/**
 * A send still `sending` after this lost its worker (killed mid-call) and is asked again with its key.
 * Longer than any provider call (Resend's timeout is 30 s); EMAIL_STUCK_SENDING_MS overrides it.
 */
export const SEND_STUCK_AFTER_MS = 10 * 60_000;

/** retriable: timeouts, 5xx, 429; permanent: the provider refused this message (bad address, rejected content). */
export const SEND_ERROR_KINDS = ['retriable', 'permanent'] as const;
export type SendErrorKind = (typeof SEND_ERROR_KINDS)[number];

export type SendAttemptDecision =
  | { outcome: 'retry'; delayS: number; at: Date }
  | { outcome: 'fail'; reason: 'permanent_error' | 'attempts_exhausted' };

export interface FailedSendAttempt {
  /** Attempts made so far, including the one that just failed (1 after the first try). */
  attempts: number;
  errorKind: SendErrorKind;
  /** The provider's retry-after (429), in seconds; honoured when longer than our own delay. */
  retryAfterS?: number | undefined;
  now: Date;
}

/** What to do after a failed attempt: retry at a time, or fail now. */
export function nextSendAttempt({ attempts, errorKind, retryAfterS, now }: FailedSendAttempt): SendAttemptDecision {
  if (errorKind === 'permanent') return { outcome: 'fail', reason: 'permanent_error' };
  const ownDelayS = SEND_RETRY_DELAYS_S[Math.max(attempts, 1) - 1];
  if (ownDelayS === undefined) return { outcome: 'fail', reason: 'attempts_exhausted' };
  const providerDelayS = retryAfterS !== undefined && Number.isFinite(retryAfterS) && retryAfterS > 0 ? Math.ceil(Math.min(retryAfterS, SEND_RETRY_AFTER_MAX_S)) : 0;
  const delayS = Math.max(ownDelayS, providerDelayS);
  return { outcome: 'retry', delayS, at: new Date(now.getTime() + delayS * 1000) };
}
