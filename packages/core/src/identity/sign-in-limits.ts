export interface AttemptLimit {
  /** Failed attempts allowed inside the window. */
  maxFailures: number;
  windowMs: number;
}

// Per account: slows password guessing against one person. Per IP: slows spraying many accounts.
export const SIGN_IN_LIMITS = Object.freeze({
  perAccount: { maxFailures: 5, windowMs: 15 * 60 * 1000 },
  perIp: { maxFailures: 20, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, AttemptLimit>);

/** Emailed links one address may ask for in a window: enough for a typo or a slow mailbox, not for spam. */
export const LINK_REQUEST_LIMIT = Object.freeze({ maxRequests: 5, windowMs: 15 * 60 * 1000 });

/** The longest page (path and query) signing in returns to; a longer `next` lands on the home page. */
export const SIGN_IN_NEXT_MAX_LENGTH = 2_000;

export interface LimitDecision {
  limited: boolean;
  /** When limited: how long until the oldest failure in the window expires. */
  retryAfterMs: number;
}

/** Whether another attempt is allowed, given the times of recent failures. */
export function checkAttemptLimit(failureTimes: readonly Date[], now: Date, limit: AttemptLimit): LimitDecision {
  const windowStart = now.getTime() - limit.windowMs;
  const recent = failureTimes.map((time) => time.getTime()).filter((time) => time > windowStart).sort((a, b) => a - b);
  if (recent.length < limit.maxFailures) return { limited: false, retryAfterMs: 0 };
  // The attempt becomes possible again when enough failures have aged out of the window.
  const unlocking = recent[recent.length - limit.maxFailures]!;
  return { limited: true, retryAfterMs: Math.max(1, unlocking + limit.windowMs - now.getTime()) };
}
