export {
  SEND_STATUSES,
  SEND_STATUS_LABELS,
  SEND_EVENTS,
  SEND_EVENT_LABELS,
  canTransitionSend,
  transitionSend,
  sendStatusesAllowing,
  sendEventTarget,
  type SendStatus,
  type SendEvent,
} from './state-machine.ts';
export {
  SEND_RETRY_DELAYS_S,
  SEND_MAX_ATTEMPTS,
  SEND_RETRY_AFTER_MAX_S,
  SEND_STUCK_AFTER_MS,
  SEND_ERROR_KINDS,
  nextSendAttempt,
  type SendErrorKind,
  type SendAttemptDecision,
  type FailedSendAttempt,
} from './retry.ts';
export {
  CONTACT_FORM_OUTCOMES,
  CONTACT_FORM_OUTCOME_LABELS,
  FORM_FIELD_ROLES,
  formFieldRole,
  mapContactFormFields,
  type ContactFormOutcome,
  type ContactFormFill,
  type ContactFormValues,
  type FormFieldDescriptor,
  type FormFieldRole,
} from './contact-form.ts';
export { SEND_ID_TAG, resendSendReference } from './resend-event.ts';
export {
  SANDBOX_OUTCOME_LATEST_S,
  SANDBOX_RECIPIENT_EVENTS,
  SANDBOX_RECIPIENT_RATES,
  SANDBOX_REPLY_NOTE,
  SANDBOX_REPLY_SUBJECT_PREFIX,
  planSandboxRecipient,
  sandboxRecipientEventBody,
  type PlannedSandboxEvent,
  type SandboxRecipientEvent,
  type SandboxSendFacts,
  type SandboxResendEvent,
} from './sandbox-recipient.ts';
export {
  SANDBOX_SWEEP_CRON,
  SANDBOX_SWEEP_GRACE_MS,
  SANDBOX_SWEEP_MAX_SENDS,
  SANDBOX_SWEEP_WINDOW_MS,
  sandboxOutcomeOverdueAfterMs,
  sandboxSweepRange,
} from './sandbox-sweep.ts';
