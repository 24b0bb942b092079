// A mailbox's IMAP settings, the poller's view of them (with the sealed password) and its cursor, and
// the ledger of INBOX messages already processed.
import type { Db } from '../client.ts';
import { MAILBOX_COLUMNS, type Mailbox } from './mailboxes.ts';

export interface MailboxImapSettings {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  /** Null keeps the stored password. */
  passwordSealed: string | null;
}

/**
 * Saves the settings and forgets the last login's result (new credentials deserve a fresh try). A new
 * host or username is another INBOX: its cursor starts again, reading mail from now on. Null when the
 * mailbox is missing, archived, or has no password stored and none was given.
 */
export async function setMailboxImap(sql: Db, workspaceId: string, id: string, settings: MailboxImapSettings, by: string | null): Promise<Mailbox | null> {
  const [row]: [Mailbox?] = await sql`
    with updated as (
      update mailboxes set
        imap_set_at = case when imap_host is distinct from ${settings.host} or imap_port is distinct from ${settings.port}
                             or imap_username is distinct from ${settings.username}
                           then now()::timestamptz(3) else imap_set_at end,
        imap_uid_validity = case when imap_host is distinct from ${settings.host} or imap_port is distinct from ${settings.port}
                                   or imap_username is distinct from ${settings.username} then null else imap_uid_validity end,
        imap_last_uid = case when imap_host is distinct from ${settings.host} or imap_port is distinct from ${settings.port}
                               or imap_username is distinct from ${settings.username} then 0 else imap_last_uid end,
        imap_last_ok_at = case when imap_host is distinct from ${settings.host} or imap_port is distinct from ${settings.port}
                                 or imap_username is distinct from ${settings.username} then null else imap_last_ok_at end,
        imap_host = ${settings.host}, imap_port = ${settings.port}, imap_tls = ${settings.tls}, imap_username = ${settings.username},
        imap_password_sealed = coalesce(${settings.passwordSealed}, imap_password_sealed),
        imap_saved_at = clock_timestamp()::timestamptz(3),
        imap_status = null, imap_error = null, imap_checked_at = null,
        updated_by = ${by}, updated_at = now()
      where workspace_id = ${workspaceId} and id = ${id} and status <> 'archived'
        and (${settings.passwordSealed}::text is not null or imap_password_sealed is not null)
      returning *
    )
    select ${MAILBOX_COLUMNS(sql)} from updated m`;
  return row ?? null;
}

/** Takes IMAP off the mailbox (its processed-message ledger stays, so setting it again reprocesses nothing). */
export async function clearMailboxImap(sql: Db, workspaceId: string, id: string, by: string | null): Promise<Mailbox | null> {
  const [row]: [Mailbox?] = await sql`
    with updated as (
      update mailboxes set
        imap_host = null, imap_port = null, imap_tls = true, imap_username = null, imap_password_sealed = null, imap_set_at = null, imap_saved_at = null,
        imap_status = null, imap_error = null, imap_checked_at = null, imap_uid_validity = null, imap_last_uid = 0, imap_last_ok_at = null,
        updated_by = ${by}, updated_at = now()
      where workspace_id = ${workspaceId} and id = ${id} and status <> 'archived' and imap_host is not null
      returning *
    ),
    -- The INBOX is forgotten with its ledger: set again, IMAP reads only mail arriving from then on.
    forgotten as (delete from mailbox_inbound_messages where mailbox_id in (select id from updated) and workspace_id = ${workspaceId})
    select ${MAILBOX_COLUMNS(sql)} from updated m`;
  return row ?? null;
}

/** What the poller needs for one mailbox. `savedAt` identifies the settings it read (see recordImapCheck). */
export interface MailboxToPoll {
  id: string;
  workspaceId: string;
  fromAddress: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  passwordSealed: string;
  /** When this host and username were set (milliseconds, as stored): the cursor belongs to them. */
  setAt: Date;
  /** Milliseconds, as stored: compared for equality with what the poll read. */
  savedAt: Date;
  uidValidity: number | null;
  lastUid: number;
  /** When the last poll of this INBOX succeeded, kept through later failures (null before the first). */
  lastSuccessAt: Date | null;
}

/** Every mailbox with IMAP set, across workspaces (the poller is the installation's), least recently checked first. */
export function listMailboxesToPoll(sql: Db, limit: number): Promise<MailboxToPoll[]> {
  return sql<MailboxToPoll[]>`
    select id, workspace_id as "workspaceId", from_address as "fromAddress", imap_host as host, imap_port as port, imap_tls as tls,
           imap_username as username, imap_password_sealed as "passwordSealed", imap_set_at as "setAt", imap_saved_at as "savedAt",
           imap_uid_validity::float8 as "uidValidity", imap_last_uid::float8 as "lastUid",
           imap_last_ok_at as "lastSuccessAt"
    from mailboxes
    where imap_host is not null and status <> 'archived'
    order by imap_checked_at nulls first, id
    limit ${limit}`;
}

/**
 * Stores how the poll went: ok clears any error; a failure shows "reconnect needed" with its reason.
 * Only for the settings the poll used: credentials saved meanwhile keep their fresh, unchecked state.
 * `statusChanged` says whether what the mailboxes page shows (status or reason) changed.
 */
export async function recordImapCheck(
  sql: Db,
  mailbox: { id: string; workspaceId: string; savedAt: Date },
  error: string | null,
): Promise<{ recorded: boolean; statusChanged: boolean }> {
  const [row]: [{ statusChanged: boolean }?] = await sql`
    with before as (
      select id, imap_status, imap_error from mailboxes
      where workspace_id = ${mailbox.workspaceId} and id = ${mailbox.id} and imap_saved_at = ${mailbox.savedAt}
      for update
    )
    update mailboxes m set
      imap_status = ${error === null ? 'ok' : 'reconnect_needed'}, imap_error = ${error}, imap_checked_at = now(),
      imap_last_ok_at = case when ${error === null} then now() else m.imap_last_ok_at end
    from before
    where m.workspace_id = ${mailbox.workspaceId} and m.id = before.id
    returning (before.imap_status is distinct from m.imap_status or before.imap_error is distinct from m.imap_error) as "statusChanged"`;
  return { recorded: row !== undefined, statusChanged: row?.statusChanged ?? false };
}

/**
 * Moves the cursor to `uid` under `uidValidity` (never backwards within one UIDVALIDITY), only while
 * the mailbox still reads the INBOX the poll read (same host and username since `setAt`).
 */
export async function advanceImapCursor(sql: Db, mailbox: { id: string; workspaceId: string; setAt: Date }, position: { uidValidity: number; uid: number }): Promise<void> {
  await sql`
    update mailboxes set
      imap_last_uid = case when imap_uid_validity = ${position.uidValidity} then greatest(imap_last_uid, ${position.uid}) else ${position.uid} end,
      imap_uid_validity = ${position.uidValidity}
    where workspace_id = ${mailbox.workspaceId} and id = ${mailbox.id} and imap_set_at = ${mailbox.setAt}`;
}

/**
 * Claims one INBOX message for processing, in the transaction that applies it. False when it was
 * processed before, at this place or (under another UIDVALIDITY) by its Message-ID, or by its content
 * hash when it has no Message-ID.
 */
export async function claimInboundMessage(
  sql: Db,
  message: { mailboxId: string; workspaceId: string; uidValidity: number; uid: number; messageId: string | null; contentHash: string | null },
): Promise<boolean> {
  const rows = await sql`
    insert into mailbox_inbound_messages (mailbox_id, workspace_id, uid_validity, uid, message_id, content_hash, outcome)
    values (${message.mailboxId}, ${message.workspaceId}, ${message.uidValidity}, ${message.uid}, ${message.messageId?.slice(0, 1000) ?? null}, ${message.contentHash}, 'processing')
    on conflict do nothing
    returning uid`;
  return rows.length === 1;
}

/** Deletes the mailbox's ledger rows processed before `keepFrom` (see inboundLedgerKeepFrom); how many went. */
export async function pruneInboundMessages(sql: Db, mailbox: { id: string; workspaceId: string }, keepFrom: Date): Promise<number> {
  const result = await sql`
    delete from mailbox_inbound_messages
    where mailbox_id = ${mailbox.id} and workspace_id = ${mailbox.workspaceId} and processed_at < ${keepFrom}`;
  return result.count;
}

export async function setInboundMessageOutcome(sql: Db, message: { mailboxId: string; uidValidity: number; uid: number }, outcome: string): Promise<void> {
  await sql`
    update mailbox_inbound_messages set outcome = ${outcome.slice(0, 500)}
    where mailbox_id = ${message.mailboxId} and uid_validity = ${message.uidValidity} and uid = ${message.uid}`;
}
