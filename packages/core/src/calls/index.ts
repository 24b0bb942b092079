export {
  ACTIVE_CALL_STATUSES,
  CALL_EVENTS,
  CALL_EVENT_LABELS,
  CALL_STATUSES,
  CALL_STATUS_LABELS,
  FINAL_CALL_STATUSES,
  OPEN_CALL_STATUSES,
  callEventFor,
  callEventTarget,
  callStatusesAllowing,
  canTransitionCall,
  isFinalCallStatus,
  transitionCall,
  type ActiveCallStatus,
  type CallEvent,
  type CallStatus,
  type FinalCallStatus,
} from './state-machine.ts';
export { VAPI_CALL_STATUSES, answeredAtFromReport,
  callOutcomeFromEndedReason, callStatusFromVapi, type VapiCallStatus } from './vapi-status.ts';
export {
  DEFAULT_CALLING_WINDOW,
  ZCallingWindow,
  calleeTimeZone,
  isWithinCallingWindow,
  nextCallingWindowOpening,
  OUTSIDE_CALLING_WINDOW,
  outsideCallingWindowReason,
  type CalleeLocation,
  type CallingWindow,
} from './calling-window.ts';
export { callAttemptKey } from './attempt-key.ts';
export {
  VAPI_APPLIED_MESSAGE_TYPES,
  ZVapiServerMessage,
  callIdFromVapiMessage,
  isAppliedVapiMessageType,
  vapiCallReport,
  vapiEventKey,
  vapiMessageTime,
  type VapiAppliedMessageType,
  type VapiServerMessage,
} from './vapi-message.ts';
export type { CallReport } from './report.ts';
export { DEFAULT_CALL_RETRY_POLICY, RETRIED_CALL_OUTCOMES, nextCallAttempt, type CallRetryPolicy } from './retry.ts';
export { callBudgetNotice, callBudgetPauseReason, callBudgetPausesCampaign, callBudgetResumeRefusal, callBudgetState, isZeroCallBudget, formatUsd, spendAlertDue, spendDay, type CallBudgetState } from './spend.ts';
export { SANDBOX_CALL_ASSISTANT_ID, SANDBOX_CALL_PHONE_NUMBER_ID, callPhoneNumberId } from './phone-number.ts';
export {
  CALL_TRANSCRIPT_LINE_MAX_CHARS,
  CALL_TRANSCRIPT_MAX_LINES,
  reportTranscriptLines,
  vapiTranscriptLine,
  type TranscriptLine,
  type TranscriptRole,
} from './transcript.ts';
export { endedReasonInWords } from './ended-reason-words.ts';
export { CALL_QUEUE_BLOCKERS, callQueueBlocker, describeCallQueueBlockers, type CallQueueBlocker, type CallQueueFacts } from './queue-blockers.ts';
