export {
  DEFAULT_MAILBOX_LIMITS,
  DEFAULT_SEND_WINDOW,
  MAILBOX_PROVIDERS,
  MAX_MAILBOX_LIMIT_PER_DAY,
  MINUTES_PER_DAY,
  WEEKDAY_NAMES,
  ZCreateMailboxInput,
  ZMailboxFields,
  ZUpdateMailboxInput,
  formatMinuteOfDay,
  mailboxSettingsProblems,
  parseMinuteOfDay,
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
