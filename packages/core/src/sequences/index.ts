export {
  ENROLMENT_STATUSES,
  ENROLMENT_EVENTS,
  ENROLMENT_EVENT_LABELS,
  ENROLMENT_STOP_REASONS,
  ENROLMENT_STOP_REASON_LABELS,
  canTransitionEnrolment,
  transitionEnrolment,
  enrolmentStatusesAllowing,
  enrolmentEventTarget,
  type EnrolmentStatus,
  type EnrolmentEvent,
  type EnrolmentStopReason,
} from './enrolment-state-machine.ts';
export {
  SEQUENCE_WAIT_MAX_BUSINESS_DAYS,
  EMAIL_SUBJECT_MAX_CHARS,
  EMAIL_BODY_MAX_CHARS,
  SEQUENCE_BRANCH_EVENTS,
  SEQUENCE_CALL_BRANCH_EVENTS,
  CALL_STEP_NOTE_MAX_CHARS,
  ZCallStep,
  ZSequenceStepId,
  ZBranchTarget,
  ZEmailStep,
  ZContactFormStep,
  CONTACT_FORM_MESSAGE_MAX_CHARS,
  CONTACT_FORM_SENDER_MAX_CHARS,
  ZWaitStep,
  ZBranchStep,
  ZSequenceStep,
  ZSequence,
  type SequenceBranchEvent,
  type SequenceCallBranchEvent,
  type CallStep,
  type BranchTarget,
  type SequenceStep,
  type EmailStep,
  type ContactFormStep,
  type WaitStep,
  type BranchStep,
  type Sequence,
  type SequenceInput,
} from './schema.ts';
export { SEQUENCE_MAX_STEPS, sequenceProblems, type SequenceProblem } from './validate.ts';
export { DEFAULT_FOLLOW_UPS, DEFAULT_FOLLOW_UP_GAP_BUSINESS_DAYS, defaultSequence, type DefaultSequenceOptions } from './default.ts';
export {
  ENROLMENT_EVENT_TYPES,
  SEND_CHANNELS,
  planNextStep,
  startPosition,
  type EnrolmentEventType,
  type SendChannel,
  type EnrolmentEventRecord,
  type EnrolmentPosition,
  type NextSequenceAction,
  type PlanInput,
} from './plan.ts';
export { CALL_STEP_LEAD_BUSY_RECHECK_MINUTES, decideEnrolment, deferCallStep, type EnrolmentDecision, type ScheduledEnrolment } from './schedule.ts';
export { sequenceReach, type SendCounts, type SequenceReach } from './reach.ts';
export { summariseOutreachStart, type OutreachStartInput, type OutreachStartSummary } from './start-summary.ts';
export { CALL_STEP_OUTCOMES, callStepOutcome, callBranchEvent, type CallStepOutcome, type EnrolmentCallRecord } from './call-step.ts';
