// One poll of one mailbox's INBOX: log in, read what is new since the stored cursor, hand each message
// to processInboxMessage, and record how the login went. A login or connection failure marks the
// mailbox "reconnect needed" with a short reason; a success clears it.
import { arrivedSince, IMAP_ERROR_MAX_CHARS, imapFailureReason, inboundLedgerKeepFrom, planInboxRead, uidsToProcess, type ImapFailure } from '@switchboard/core';
import type { Logger } from '@switchboard/core/logging';
import { advanceImapCursor, pruneInboundMessages, recordImapCheck, type MailboxToPoll, type Sql } from '@switchboard/db';
import { openInboxSession, type ImapLogin, type InboxSession } from '../adapters/imap/index.ts';
import { resolvePublicHost, systemLookup, type LookupAll } from '../adapters/public-address/resolve.ts';
import type { AppliedEmailEvent } from '../email-events/applied.ts';
import { processInboxMessage } from './process-message.ts';

// A large first read goes on at the next poll rather than holding one job for long.
export const MAX_MESSAGES_PER_POLL = 50;

export interface InboxPollServices {
  sql: Sql;
  log: Logger;
  /** Opens a mailbox's sealed IMAP password (bound to its workspace and mailbox); throws without SWITCHBOARD_SECRET. */
  openPassword: (workspaceId: string, mailboxId: string, sealed: string) => string;
  /** SMTP_ALLOW_PRIVATE_HOSTS: IMAP hosts on the operator's own network (and tests' 127.0.0.1). */
  allowPrivateHosts: boolean;
  lookup?: LookupAll;
  /** Opens the IMAP session (tests replace it to prove a refused host is never connected to). */
  openSession?: (login: ImapLogin) => Promise<InboxSession>;
}

export interface MailboxPollOutcome {
  mailboxId: string;
  workspaceId: string;
  status: 'ok' | 'reconnect_needed' | 'error';
  applied: AppliedEmailEvent[];
  /** The mailbox's IMAP status or its reason changed ("reconnect needed" shown or cleared): the page refetches. */
  imapStatusChanged: boolean;
}

export async function pollMailbox(services: InboxPollServices, mailbox: MailboxToPoll): Promise<MailboxPollOutcome> {
  const { log } = services;
  const outcome = (status: MailboxPollOutcome['status'], applied: AppliedEmailEvent[] = [], imapStatusChanged = false): MailboxPollOutcome => ({ mailboxId: mailbox.id, workspaceId: mailbox.workspaceId, status, applied, imapStatusChanged });
  const failed = async (why: string) => {
    const reason = why.slice(0, IMAP_ERROR_MAX_CHARS);
    const check = await recordImapCheck(services.sql, mailbox, reason);
    log.warn({ mailboxId: mailbox.id, workspaceId: mailbox.workspaceId, reason }, 'mailbox IMAP needs reconnecting');
    return outcome('reconnect_needed', [], check.statusChanged);
  };

  let password: string;
  try {
    password = services.openPassword(mailbox.workspaceId, mailbox.id, mailbox.passwordSealed);
  } catch {
    return failed('The stored IMAP password cannot be read (was SWITCHBOARD_SECRET changed?); save it again.');
  }
  const login: ImapLogin = { host: mailbox.host, port: mailbox.port, tls: mailbox.tls, username: mailbox.username, password };
  if (!services.allowPrivateHosts) {
    const resolved = await resolvePublicHost(mailbox.host, services.lookup ?? systemLookup);
    if (resolved.kind === 'refused') return failed(`Not connected: ${resolved.reason}. Private hosts need SMTP_ALLOW_PRIVATE_HOSTS=true.`);
    if (resolved.kind === 'unresolved') return failed(`The IMAP host cannot be reached: ${resolved.reason}.`);
    login.address = resolved.address;
  }
  const secrets = [password, mailbox.username];

  let session: InboxSession;
  try {
    session = await (services.openSession ?? openInboxSession)(login);
  } catch (error) {
    return failed(imapFailureReason(failureOf(error), secrets));
  }
  const applied: AppliedEmailEvent[] = [];
  try {
    const inbox = { uidValidity: session.uidValidity, uidNext: session.uidNext };
    const plan = planInboxRead({ uidValidity: mailbox.uidValidity, lastUid: mailbox.lastUid, imapSetAt: mailbox.setAt, lastSuccessAt: mailbox.lastSuccessAt }, inbox);
    if (plan.kind === 'since') log.info({ mailboxId: mailbox.id, reason: plan.reason, since: plan.since }, 'reading the INBOX by date');
    const found = plan.kind === 'nothing_new' ? [] : await imapCall(() => (plan.kind === 'after_uid' ? session.uidsFrom(plan.afterUid + 1) : session.uidsSince(plan.since)));
    const { uids, complete } = uidsToProcess(found, plan, MAX_MESSAGES_PER_POLL);
    for (const uid of uids) {
      const message = await imapCall(() => session.fetch(uid));
      if (!message || !arrivedSince(message.internalDate, plan)) {
        await advanceImapCursor(services.sql, mailbox, { uidValidity: inbox.uidValidity, uid });
        continue;
      }
      const result = await processInboxMessage(services.sql, log, mailbox, inbox.uidValidity, message);
      if (result) applied.push(result);
    }
    // Everything below UIDNEXT was seen: the next poll starts there (this also stores a new UIDVALIDITY).
    if (complete) await advanceImapCursor(services.sql, mailbox, { uidValidity: inbox.uidValidity, uid: Math.max(0, inbox.uidNext - 1) });
  } catch (error) {
    // What was applied is committed; the rest is the next poll's. A database error is not the mailbox's fault.
    if (error instanceof ImapCallError) {
      await session.close().catch(() => {});
      return { ...(await failed(imapFailureReason(failureOf(error.cause), secrets))), applied };
    }
    log.error({ mailboxId: mailbox.id, err: error }, 'mailbox poll failed while applying a message');
    await session.close().catch(() => {});
    return outcome('error', applied);
  }
  await session.close();
  const check = await recordImapCheck(services.sql, mailbox, null);
  // Judged on the cursor as it was before this poll (an older last success keeps more, never less).
  const pruned = await pruneInboundMessages(services.sql, mailbox, inboundLedgerKeepFrom({ imapSetAt: mailbox.setAt, lastSuccessAt: mailbox.lastSuccessAt }, new Date()));
  if (pruned > 0) log.info({ mailboxId: mailbox.id, pruned }, 'old processed-message ledger rows deleted');
  return outcome('ok', applied, check.statusChanged);
}

function failureOf(error: unknown): ImapFailure {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = error as Error & { code?: unknown; authenticationFailed?: unknown; responseText?: unknown };
  return {
    code: typeof fields.code === 'string' ? fields.code : undefined,
    authenticationFailed: fields.authenticationFailed === true,
    responseText: typeof fields.responseText === 'string' ? fields.responseText : undefined,
    message: error.message,
  };
}

/** An error from the IMAP session (not from applying a message): the mailbox's connection is at fault. */
class ImapCallError extends Error {
  constructor(cause: unknown) {
    super('IMAP call failed', { cause });
  }
}

async function imapCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new ImapCallError(error);
  }
}
