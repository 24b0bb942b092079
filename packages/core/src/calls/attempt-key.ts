/**
 * Our idempotency key for one call attempt: one lead, one campaign, one attempt number. Stored unique
 * with the call's row before Vapi is asked to dial, so the same attempt can never be placed twice.
 */
export function callAttemptKey(input: { campaignId: string; leadId: string; attempt: number }): string {
  if (!Number.isInteger(input.attempt) || input.attempt < 1) throw new RangeError('A call attempt is numbered from 1.');
  return `call:${input.campaignId}:${input.leadId}:${input.attempt}`;
}
