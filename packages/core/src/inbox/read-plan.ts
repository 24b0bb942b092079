// Which messages of a mailbox's INBOX one poll reads. UIDs only mean something within one
// UIDVALIDITY: when the server changes it (the folder was rebuilt), every stored UID is void, so
// the poll goes back to reading by date and relies on Message-IDs already processed to skip repeats.

/** What is stored for a mailbox between polls. */
export interface InboxCursor {
  uidValidity: number | null;
  /** The highest UID processed under `uidValidity` (0 before any). */
  lastUid: number;
  /** When IMAP was set on the mailbox: mail older than this was there before Switchboard read it. */
  imapSetAt: Date;
  /** When the last poll succeeded, if any. */
  lastSuccessAt: Date | null;
}

export interface InboxState {
  uidValidity: number;
  uidNext: number;
}

export type InboxReadPlan =
  | { kind: 'nothing_new' }
  /** UIDs strictly above `afterUid`, in order. */
  | { kind: 'after_uid'; afterUid: number }
  /** A first read, or one after UIDVALIDITY changed: messages that arrived at `since` or later. */
  | { kind: 'since'; since: Date; reason: 'first_read' | 'uidvalidity_changed' };

/** How far before the last good poll a read after a UIDVALIDITY change starts, for mail that arrived meanwhile. */
export const UIDVALIDITY_RESET_OVERLAP_MS = 24 * 60 * 60 * 1000;

export function planInboxRead(cursor: InboxCursor, inbox: InboxState): InboxReadPlan {
  if (cursor.uidValidity === null) return { kind: 'since', since: cursor.imapSetAt, reason: 'first_read' };
  if (cursor.uidValidity !== inbox.uidValidity) return { kind: 'since', since: uidValidityResetSince(cursor), reason: 'uidvalidity_changed' };
  if (inbox.uidNext <= cursor.lastUid + 1) return { kind: 'nothing_new' };
  return { kind: 'after_uid', afterUid: cursor.lastUid };
}

/** Where a read after a UIDVALIDITY change would start, given the cursor as stored. */
function uidValidityResetSince(cursor: Pick<InboxCursor, 'imapSetAt' | 'lastSuccessAt'>): Date {
  const from = cursor.lastSuccessAt ?? cursor.imapSetAt;
  return new Date(Math.max(cursor.imapSetAt.getTime(), from.getTime() - UIDVALIDITY_RESET_OVERLAP_MS));
}

/** How long the processed-message ledger keeps a row at least (a trail of what the poller did). */
export const INBOUND_LEDGER_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Ledger rows processed before this may be deleted. A read after a UIDVALIDITY change finds again every
 * message that arrived since uidValidityResetSince (less the clock skew it allows), and only the ledger
 * says those were processed, so their rows are kept (all of them since IMAP was set while the mailbox
 * has no successful poll); within one UIDVALIDITY the cursor alone skips what was read. Older rows go
 * after INBOUND_LEDGER_RETENTION_MS.
 */
export function inboundLedgerKeepFrom(cursor: Pick<InboxCursor, 'imapSetAt' | 'lastSuccessAt'>, now: Date): Date {
  const rereadFrom = uidValidityResetSince(cursor).getTime() - ARRIVAL_CLOCK_SKEW_MS;
  return new Date(Math.min(now.getTime() - INBOUND_LEDGER_RETENTION_MS, rereadFrom));
}

/**
 * The UIDs to process, in order and at most `max` (`complete` says whether that was all of them): a
 * server answers `n:*` with its last message even when that is below n, so anything at or below the
 * cursor is dropped here.
 */
export function uidsToProcess(found: readonly number[], plan: InboxReadPlan, max: number): { uids: number[]; complete: boolean } {
  if (plan.kind === 'nothing_new') return { uids: [], complete: true };
  const floor = plan.kind === 'after_uid' ? plan.afterUid : 0;
  const all = [...new Set(found)].filter((uid) => uid > floor).sort((a, b) => a - b);
  return { uids: all.slice(0, max), complete: all.length <= max };
}

/** A server's INTERNALDATE has whole seconds and the server's own clock: a message this close to `since` is kept. */
export const ARRIVAL_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Whether a message found by a date search really arrived after `since` (IMAP's SINCE compares whole days). */
export function arrivedSince(internalDate: Date | null, plan: InboxReadPlan): boolean {
  if (plan.kind !== 'since') return true;
  return internalDate === null || internalDate.getTime() >= plan.since.getTime() - ARRIVAL_CLOCK_SKEW_MS;
}
