export { normalizeEmail, emailDomain, looksLikeEmail } from './email.ts';
export { ALLOWLIST_KINDS, matchAllowlist, parseAllowlistValue, type AllowlistEntry, type AllowlistKind } from './allowlist.ts';
export { PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, passwordProblem } from './password-policy.ts';
export {
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_TOUCH_INTERVAL_MS,
  sessionState,
  sessionNeedsTouch,
  type SessionState,
  type SessionTimes,
} from './session-policy.ts';
export { MAX_LIVE_SESSIONS_PER_USER, sessionsBeyondCap, type CappedSession } from './session-cap.ts';
export { SIGN_IN_LIMITS, LINK_REQUEST_LIMIT, SIGN_IN_NEXT_MAX_LENGTH, checkAttemptLimit, type AttemptLimit, type LimitDecision } from './sign-in-limits.ts';
