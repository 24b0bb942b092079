// One INBOX message, once: parsed, claimed in the processed-message ledger, applied through the same
// reply path as Resend's inbound webhook, and the mailbox's cursor moved past it, all in one
// transaction, so a retry after a crash either finds it done or does all of it.
import { createHash } from 'node:crypto';
import type { Logger } from '@switchboard/core/logging';
import { advanceImapCursor, claimInboundMessage, setInboundMessageOutcome, type MailboxToPoll, type Sql } from '@switchboard/db';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { InboxMessage } from '../adapters/imap/index.ts';
import type { AppliedEmailEvent } from '../email-events/applied.ts';
import { applyInboundEmail } from '../email-events/apply-inbound.ts';

/** The applied reply, or null when this message was processed before. */
export async function processInboxMessage(
  sql: Sql,
  log: Logger,
  mailbox: MailboxToPoll,
  uidValidity: number,
  message: InboxMessage,
): Promise<AppliedEmailEvent | null> {
  const parsed = await simpleParser(message.source, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const messageId = parsed.messageId?.replaceAll('\u0000', '').trim() || null;
  const contentHash = messageId ? null : contentHashOf(parsed);
  const place = { mailboxId: mailbox.id, uidValidity, uid: message.uid };
  return sql.begin(async (tx) => {
    const claimed = await claimInboundMessage(tx, { ...place, workspaceId: mailbox.workspaceId, messageId, contentHash });
    let applied: AppliedEmailEvent | null = null;
    if (claimed) {
      applied = await applyInboundEmail(tx, log, {
        eventKey: eventKeyOf(mailbox, messageId, contentHash),
        from: parsed.from?.value[0]?.address ?? parsed.from?.text ?? '',
        // It is in this mailbox's INBOX, whatever its To says (a Bcc, an alias, a forward).
        to: [mailbox.fromAddress],
        subject: parsed.subject ?? '',
        headers: headersOf(parsed),
        text: parsed.text ?? null,
        html: typeof parsed.html === 'string' ? parsed.html : null,
        receivedAt: message.internalDate ?? parsed.date ?? new Date(),
        workspaceId: mailbox.workspaceId,
      });
      await setInboundMessageOutcome(tx, place, applied.outcome);
    }
    await advanceImapCursor(tx, mailbox, { uidValidity, uid: message.uid });
    return applied;
  });
}

/**
 * The timeline entry's key: by Message-ID within the workspace, so the same email read from two of its
 * mailboxes (a Cc) or again after a UIDVALIDITY change is stored once; by its content within the mailbox
 * when it has none (its place, UIDVALIDITY and UID, changes when the folder is rebuilt).
 */
function eventKeyOf(mailbox: MailboxToPoll, messageId: string | null, contentHash: string | null): string {
  if (!messageId) return `imap:${mailbox.id}:content:${contentHash}`;
  return `imap:${createHash('sha256').update(`${mailbox.workspaceId}\n${messageId}`).digest('hex')}`;
}

/**
 * What recognises a message without a Message-ID when it is found again: its sender, Date header,
 * subject and body, which a rebuilt folder keeps (unlike its UID). Two such messages alike in all four
 * are one reply for the lead's timeline.
 */
function contentHashOf(parsed: ParsedMail): string {
  const body = createHash('sha256').update(parsed.text ?? (typeof parsed.html === 'string' ? parsed.html : '')).digest('hex');
  const parts = [parsed.from?.text ?? '', headersOf(parsed)['date'] ?? '', parsed.subject ?? '', body];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Header fields as received (first occurrence of each, unfolded), as the reply rules read them. */
function headersOf(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    if (key in headers) continue;
    headers[key] = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  return headers;
}
