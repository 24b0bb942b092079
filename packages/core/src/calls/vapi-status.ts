import type { CallStatus, FinalCallStatus } from './state-machine.ts';

/** The statuses Vapi reports for a call (GET /call and `status-update` webhooks). */
export const VAPI_CALL_STATUSES = ['scheduled', 'queued', 'ringing', 'in-progress', 'forwarding', 'ended', 'not-found', 'deletion-failed'] as const;
export type VapiCallStatus = (typeof VAPI_CALL_STATUSES)[number];

// Vapi's endedReason values that are not "something broke". Anything else (the many
// `pipeline-error-*`, `call.in-progress.error-*`, `*-vapifault-*`, `*-providerfault-*`, SIP and
// Twilio connection failures) is a failure.
const NO_ANSWER_REASONS = new Set(['customer-did-not-answer', 'call.ringing.sip-inbound-caller-hungup-before-call-connect']);
const BUSY_REASONS = new Set(['customer-busy']);
const VOICEMAIL_REASONS = new Set(['voicemail']);
const CANCELED_REASONS = new Set(['manually-canceled', 'call-deleted', 'scheduled-call-deleted']);
const COMPLETED_REASONS = new Set([
  'customer-ended-call',
  'customer-ended-call-after-warm-transfer-attempt',
  'customer-ended-call-before-warm-transfer',
  'customer-ended-call-during-transfer',
  'assistant-ended-call',
  'assistant-ended-call-after-message-spoken',
  'assistant-ended-call-with-hangup-task',
  'assistant-said-end-call-phrase',
  'assistant-forwarded-call',
  'silence-timed-out',
  'exceeded-max-duration',
  'call.in-progress.twilio-completed-call',
  'call.in-progress.sip-completed-call',
  'vonage-completed',
  'call.ending.hook-executed-say',
  'call.ending.hook-executed-transfer',
]);

/** How a call ended, from Vapi's endedReason: unknown or missing reasons count as failed. */
export function callOutcomeFromEndedReason(endedReason: string | null | undefined): FinalCallStatus {
  if (!endedReason) return 'failed';
  if (COMPLETED_REASONS.has(endedReason)) return 'completed';
  if (NO_ANSWER_REASONS.has(endedReason)) return 'no_answer';
  if (BUSY_REASONS.has(endedReason)) return 'busy';
  if (VOICEMAIL_REASONS.has(endedReason)) return 'voicemail';
  if (CANCELED_REASONS.has(endedReason)) return 'canceled';
  return 'failed';
}

/**
 * Our status for what Vapi reports, or null when the report says nothing about where the call is
 * (`scheduled`, `not-found`, `deletion-failed`, or a status Vapi adds later). Vapi's `queued` means
 * it has the call and is placing it: our `dialing`. `forwarding` is a connected call being
 * transferred: still in progress. `ended` is read from its endedReason.
 */
export function callStatusFromVapi(status: string, endedReason?: string | null): CallStatus | null {
  switch (status) {
    case 'queued':
      return 'dialing';
    case 'ringing':
      return 'ringing';
    case 'in-progress':
    case 'forwarding':
      return 'in_progress';
    case 'ended':
      return callOutcomeFromEndedReason(endedReason);
    default:
      return null;
  }
}

/**
 * When the callee answered, as far as an end-of-call report tells: Vapi's `startedAt` is when the
 * call started, ringing included, so it is an answer time only for a call that ended as answered.
 */
export function answeredAtFromReport(report: { endedReason: string | null; startedAt: Date | null }): Date | null {
  return callOutcomeFromEndedReason(report.endedReason) === 'completed' ? report.startedAt : null;
}
