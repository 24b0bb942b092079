import type { CallStatus } from '../calls/state-machine.ts';
import type { SequenceCallBranchEvent } from './schema.ts';

/** How a call step ended for a lead, once its last attempt has ended. */
export const CALL_STEP_OUTCOMES = ['answered', 'voicemail', 'no_answer'] as const;
export type CallStepOutcome = (typeof CALL_STEP_OUTCOMES)[number];

// Busy and no answer are retried by the campaign's policy (calls/retry.ts), so when they end the last
// attempt nobody was reached; a failed or canceled call reached nobody either.
const OUTCOME_OF: Readonly<Record<CallStatus, CallStepOutcome | null>> = Object.freeze({
  queued: null,
  dialing: null,
  ringing: null,
  in_progress: null,
  completed: 'answered',
  voicemail: 'voicemail',
  no_answer: 'no_answer',
  busy: 'no_answer',
  failed: 'no_answer',
  canceled: 'no_answer',
});

/**
 * What a call step's latest attempt says about the step: null while it is queued or live (a retry
 * is queued in the same transaction that ends the attempt before it, so a final latest attempt is the
 * step's last).
 */
export function callStepOutcome(latestAttempt: CallStatus): CallStepOutcome | null {
  return OUTCOME_OF[latestAttempt];
}

/** The branch event a call step's outcome raises. */
export function callBranchEvent(outcome: CallStepOutcome): SequenceCallBranchEvent {
  return `call_${outcome}`;
}

/** A call step of an enrolment, as the planner sees it: its latest attempt's outcome (null: not over yet) and when that attempt ended. */
export interface EnrolmentCallRecord {
  stepId: string;
  outcome: CallStepOutcome | null;
  /** When the last attempt ended; when it was queued while the step is not over. */
  at: Date;
}
