// One path for every email that answers ours, whether Resend's inbound webhook brought it or the IMAP
// poller read it from a mailbox's INBOX: matched to the send it answers, stored on the lead's
// timeline, and applied (a reply stops the sequence, an unsubscribe request also suppresses).
import { classifyReply, mailAddressOf, referencedMessageIds, type EnrolmentStopReason, type LeadEvent, type ReplyKind } from '@switchboard/core';
import type { Logger } from '@switchboard/core/logging';
import { addLeadMessage, addSuppression, findLiveEnrolmentsBySender, findSendByMessageId, stopLeadEnrolments, transitionLeads, type TransactionSql } from '@switchboard/db';
import { nothingDone, type AppliedEmailEvent, type ChangedCampaign, type StoredMessage } from './applied.ts';
import { replyTextOf } from './reply-text.ts';

export interface InboundEmail {
  /** Names this email once (stored as the timeline entry's provider event id): storing it again is a no-op. */
  eventKey: string;
  from: string;
  to: readonly string[];
  subject: string;
  headers: Readonly<Record<string, string>>;
  text: string | null;
  html: string | null;
  receivedAt: Date;
  /** Read from one workspace's own mailbox: only that workspace's sends and leads can match. */
  workspaceId: string | null;
  /** Written by the sandbox recipient, not a person: its timeline entry is marked so. */
  simulated?: boolean;
}

const REPLY_EFFECTS: Readonly<Record<ReplyKind, { stopReason: EnrolmentStopReason; leadEvent: LeadEvent } | null>> = Object.freeze({
  reply: { stopReason: 'replied', leadEvent: 'mark_replied' },
  unsubscribe_request: { stopReason: 'unsubscribed', leadEvent: 'mark_unsubscribed' },
  // An auto-reply is not the person answering: the sequence goes on.
  out_of_office: null,
});

/**
 * Matched to the send it answers by In-Reply-To / References, else to the live enrolments writing to
 * its sender from the mailbox it was sent to. It goes on the lead's timeline either way; a reply stops
 * the lead's sequences and marks the lead replied, an unsubscribe request also suppresses the sender,
 * an out-of-office changes nothing else. Run it in the transaction that marks the email processed.
 */
export async function applyInboundEmail(tx: TransactionSql, log: Logger, received: InboundEmail): Promise<AppliedEmailEvent> {
  const email = withoutNul(received);
  const sender = mailAddressOf(email.from);
  if (!sender) return nothingDone('Inbound email without a sender address; nothing to apply.', email.workspaceId);
  const answered = await findSendByMessageId(tx, referencedMessageIds(email.headers), email.workspaceId);
  const matches = answered
    ? [{ workspaceId: answered.workspaceId, leadId: answered.leadId, sendId: answered.id as string | null }]
    : uniqueLeads(
        await findLiveEnrolmentsBySender(tx, { senderEmail: sender, mailboxAddresses: email.to.flatMap((to) => mailAddressOf(to) ?? []), workspaceId: email.workspaceId }),
      );
  if (matches.length === 0) return nothingDone(`Inbound email from ${sender} answers no send and no live enrolment; nothing to apply.`, email.workspaceId);

  const text = replyTextOf({ text: email.text, html: email.html, headers: { ...email.headers } });
  const kind = classifyReply({ subject: email.subject, headers: email.headers, text });
  const effect = REPLY_EFFECTS[kind];
  const campaigns: ChangedCampaign[] = [];
  const stored: StoredMessage[] = [];
  let leadsChanged = false;
  const notes: string[] = [];
  for (const match of matches) {
    // One inbound email may match a lead in two workspaces' mailboxes: each gets its own timeline entry.
    const providerEventId = matches.length === 1 ? email.eventKey : `${email.eventKey}:${match.workspaceId}:${match.leadId}`;
    const message = await addLeadMessage(tx, { workspaceId: match.workspaceId, leadId: match.leadId, sendId: match.sendId, direction: 'inbound', kind, fromAddress: sender, subject: email.subject, text, receivedAt: email.receivedAt, providerEventId, simulated: email.simulated ?? false });
    if (message) stored.push({ workspaceId: match.workspaceId, messageId: message.id, leadId: match.leadId });
    if (!effect) {
      notes.push(`lead ${match.leadId}: ${kind}, sequence goes on`);
      continue;
    }
    if (kind === 'unsubscribe_request') {
      await addSuppression(tx, { workspaceId: match.workspaceId, kind: 'email', value: sender, source: 'unsubscribe', reason: 'Asked by reply to stop.', sendId: match.sendId });
    }
    const stopped = await stopLeadEnrolments(tx, { workspaceId: match.workspaceId, leadIds: [match.leadId], reason: effect.stopReason });
    const lead = await transitionLeads(tx, { workspaceId: match.workspaceId, event: effect.leadEvent, target: { ids: [match.leadId] }, changedBy: null });
    leadsChanged ||= lead.changed.length > 0;
    for (const campaignId of stopped.campaignIds) campaigns.push({ workspaceId: match.workspaceId, campaignId });
    notes.push(`lead ${match.leadId}: ${kind}, ${stopped.enrolmentIds.length} enrolment(s) stopped, ${stopped.canceledSendIds.length} waiting send(s) canceled`);
  }
  log.info({ eventKey: email.eventKey, kind, leads: matches.map((match) => match.leadId), matchedBy: answered ? 'message_id' : 'sender' }, 'inbound email applied');
  return { outcome: `Inbound ${kind} matched by ${answered ? 'In-Reply-To/References' : 'sender'}: ${notes.join('; ')}.`, workspaceId: matches[0]!.workspaceId, campaigns, leadsChanged, pausedMailboxIds: [], messages: stored };
}

function uniqueLeads(matches: { workspaceId: string; leadId: string }[]): { workspaceId: string; leadId: string; sendId: string | null }[] {
  const seen = new Map<string, { workspaceId: string; leadId: string; sendId: string | null }>();
  for (const match of matches) seen.set(`${match.workspaceId}:${match.leadId}`, { workspaceId: match.workspaceId, leadId: match.leadId, sendId: null });
  return [...seen.values()];
}

// Postgres refuses NUL in text, and any mail server can deliver one: stored as is, the message would fail
// again at every poll and hold up the mailbox's later mail.
const stripNul = (value: string) => value.replaceAll('\u0000', '');

function withoutNul(email: InboundEmail): InboundEmail {
  return {
    ...email,
    from: stripNul(email.from),
    subject: stripNul(email.subject),
    text: email.text === null ? null : stripNul(email.text),
    html: email.html === null ? null : stripNul(email.html),
    headers: Object.fromEntries(Object.entries(email.headers).map(([name, value]) => [stripNul(name), stripNul(value)])),
  };
}
