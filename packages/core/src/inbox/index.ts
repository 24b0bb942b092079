export { IMAP_STATUSES, ZMailboxImapInput, type ImapStatus, type MailboxImapInput } from './imap-settings.ts';
export { ARRIVAL_CLOCK_SKEW_MS, INBOUND_LEDGER_RETENTION_MS, UIDVALIDITY_RESET_OVERLAP_MS, arrivedSince, inboundLedgerKeepFrom, planInboxRead, uidsToProcess, type InboxCursor, type InboxReadPlan, type InboxState } from './read-plan.ts';
export { IMAP_ERROR_MAX_CHARS, imapFailureReason, type ImapFailure } from './imap-failure.ts';
