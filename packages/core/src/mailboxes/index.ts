export {
  MAILBOX_DEFAULT_PER_MINUTE,
  MAILBOX_DEFAULT_PER_HOUR,
  MAILBOX_DEFAULT_PER_DAY,
  MAILBOX_MAX_PER_DAY,
  MAILBOX_DEFAULT_LIMITS,
  MAILBOX_LIMIT_WINDOWS,
  MAILBOX_LIMIT_WINDOW_MS,
  ZMailboxLimits,
  mailboxLimitFor,
  checkMailboxSend,
  type MailboxLimits,
  type MailboxLimitWindow,
  type MailboxSendCheck,
} from './limits.ts';
export { nextSendSlot, type SendSlotInput } from './send-slot.ts';
export { estimateSendSchedule, describeSendEstimate, roughDuration, type EstimatedMailbox, type SendEstimate, type SendEstimateInput } from './send-estimate.ts';
export { ZSendWindow, DEFAULT_SEND_WINDOW, isWithinSendWindow, nextWindowOpening, type SendWindow } from './send-window.ts';
export {
  OUTSIDE_SEND_WINDOW_REASON_LIKE,
  outsideSendWindowReason,
  sendWindowWait,
  sendWindowWaitNotice,
  zoneOfSendWindowReason,
  type SendWindowWait,
  type SendWindowWaitGroup,
} from './send-window-wait.ts';
export { combinedSendWindow, sendWindowFromStored, type StoredSendWindow } from './stored-window.ts';
export { recipientTimeZone, type RecipientLocation } from './recipient-time-zone.ts';
export { mailboxHeadroom, mailboxRoomNotice, mailboxRoomWait, pickMailbox, type MailboxCandidate, type MailboxRoomWait } from './rotation.ts';
export {
  MAILBOX_HEALTH_WINDOW_SENDS,
  MAILBOX_HARD_BOUNCE_RATE_MAX,
  MAILBOX_COMPLAINT_RATE_MAX,
  mailboxHealth,
  type MailboxSendOutcomes,
  type MailboxHealth,
} from './health.ts';
export {
  DEFAULT_MAILBOX_LIMITS,
  DEFAULT_STORED_SEND_WINDOW,
  MAILBOX_PROVIDERS,
  MAX_MAILBOX_LIMIT_PER_DAY,
  MINUTES_PER_DAY,
  WEEKDAY_NAMES,
  ZCreateMailboxInput,
  ZMailboxFields,
  ZMailboxPauseReason,
  ZUpdateMailboxInput,
  formatMinuteOfDay,
  mailboxSettingsProblems,
  parseMinuteOfDay,
  refineMailboxSettings,
  type CreateMailboxInput,
  type MailboxFields,
  type MailboxProvider,
  type UpdateMailboxInput,
} from './settings.ts';
export {
  MAILBOX_EVENTS,
  MAILBOX_EVENT_LABELS,
  MAILBOX_STATUSES,
  canTransitionMailbox,
  mailboxStatusesAllowing,
  transitionMailbox,
  type MailboxEvent,
  type MailboxStatus,
} from './state-machine.ts';
export { mailboxDelivery, mailboxSendBlockers, type MailboxDelivery } from './provider.ts';
