/**
 * Our idempotency key for one call attempt: one lead, one campaign, one attempt number; for a call
 * of a sequence's call step, one enrolment, one step, one attempt (a lead may be called by more than
 * one call step). Stored unique with the call's row before Vapi is asked to dial, so the same attempt
 * can never be placed twice.
 */
export function callAttemptKey(input: { campaignId: string; leadId: string; attempt: number; sequenceStep?: { enrolmentId: string; stepId: string } | null }): string {
  if (!Number.isInteger(input.attempt) || input.attempt < 1) throw new RangeError('A call attempt is numbered from 1.');
  if (input.sequenceStep) return `call:sequence:${input.sequenceStep.enrolmentId}:${input.sequenceStep.stepId}:${input.attempt}`;
  return `call:${input.campaignId}:${input.leadId}:${input.attempt}`;
}
