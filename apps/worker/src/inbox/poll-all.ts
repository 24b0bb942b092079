import type { MailboxToPoll } from '@switchboard/db';
import { listMailboxesToPoll } from '@switchboard/db';
import { pollMailbox, type InboxPollServices, type MailboxPollOutcome } from './poll-mailbox.ts';

/** Mailboxes polled at once: each holds one IMAP connection and, briefly, one database connection. */
export const INBOX_POLL_CONCURRENCY = 4;
/** More mailboxes than this wait for the next minute (least recently checked go first). */
export const MAX_MAILBOXES_PER_POLL = 500;

/**
 * Polls every mailbox with IMAP set, a few at a time. One mailbox's failure, whatever it is, is
 * logged and recorded on that mailbox and never stops the others.
 */
export async function pollAllMailboxes(services: InboxPollServices): Promise<MailboxPollOutcome[]> {
  const mailboxes = await listMailboxesToPoll(services.sql, MAX_MAILBOXES_PER_POLL);
  const outcomes: MailboxPollOutcome[] = [];
  let next = 0;
  const pollOne = async (mailbox: MailboxToPoll): Promise<MailboxPollOutcome> => {
    try {
      return await pollMailbox(services, mailbox);
    } catch (error) {
      services.log.error({ mailboxId: mailbox.id, workspaceId: mailbox.workspaceId, err: error }, 'mailbox poll failed');
      return { mailboxId: mailbox.id, workspaceId: mailbox.workspaceId, status: 'error', applied: [], imapStatusChanged: false };
    }
  };
  const lane = async () => {
    while (next < mailboxes.length) outcomes.push(await pollOne(mailboxes[next++]!));
  };
  await Promise.all(Array.from({ length: Math.min(INBOX_POLL_CONCURRENCY, mailboxes.length) }, lane));
  return outcomes;
}
