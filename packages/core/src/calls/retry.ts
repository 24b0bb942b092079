import type { CallStatus } from './state-machine.ts';

/** How a campaign retries a call nobody picked up: how many attempts in all, and how far apart. */
export interface CallRetryPolicy {
  /** Attempts per lead in all, the first included (1 = never retry). */
  maxAttempts: number;
  /** The least time between one attempt's end and the next one's start. */
  spacingMinutes: number;
}

/** Three tries, four hours apart: a person who missed a morning call gets one in the afternoon. */
export const DEFAULT_CALL_RETRY_POLICY: Readonly<CallRetryPolicy> = Object.freeze({ maxAttempts: 3, spacingMinutes: 240 });

/** Outcomes worth calling again: nobody answered, or the line was busy. A voicemail, an answer or a failure is not retried. */
export const RETRIED_CALL_OUTCOMES = Object.freeze(['no_answer', 'busy'] as const satisfies readonly CallStatus[]);

/**
 * The next attempt after a call ended as `outcome`: its number and the earliest moment it may be
 * placed, or null when the outcome is not retried or the campaign's attempts are used up.
 */
export function nextCallAttempt(policy: CallRetryPolicy, ended: { outcome: CallStatus; attempt: number; endedAt: Date }): { attempt: number; notBefore: Date } | null {
  if (!(RETRIED_CALL_OUTCOMES as readonly CallStatus[]).includes(ended.outcome)) return null;
  if (ended.attempt >= policy.maxAttempts) return null;
  return { attempt: ended.attempt + 1, notBefore: new Date(ended.endedAt.getTime() + policy.spacingMinutes * 60_000) };
}
