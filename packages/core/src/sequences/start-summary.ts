import { estimateSendSchedule, roughDuration, type EstimatedMailbox } from '../mailboxes/send-estimate.ts';
import type { SendWindow } from '../mailboxes/send-window.ts';
import { sequenceReach, type SendCounts } from './reach.ts';
import type { Sequence } from './schema.ts';
import { formatNumber } from '../text/number.ts';

export interface OutreachStartInput {
  sequence: Sequence;
  /** Leads joining with an email address. */
  emailLeads: number;
  /** Leads joining for their contact form alone (no address); 0 when the sequence has no contact form step. */
  formOnlyLeads: number;
  /** Of all joining leads, those without a phone number: they pass over call steps as not answered. */
  withoutPhone?: number;
  /**
   * Each mailbox that can send: its limits and its sends of the last day (today's usage of its limits
   * comes first); the window is their combined one (null: none can send).
   */
  mailboxes: readonly EstimatedMailbox[];
  window: SendWindow | null;
  timeZone: string;
  now: Date;
}

export interface OutreachStartSummary {
  /** What goes out at once: "Send 240 first emails from 3 mailboxes over about 4 hours." */
  headline: string;
  /** What may follow, and the contact forms: each a sentence. */
  details: string[];
  /** When the last of the first emails can go out; null when none will. */
  firstEmailsFinishAt: Date | null;
  firstEmails: number;
  /** At most this many more, over the sequence's waits, only while the lead has not answered. */
  followUps: SendCounts;
}

const plural = (count: number, noun: string, nouns = `${noun}s`) => `${formatNumber(count)} ${count === 1 ? noun : nouns}`;

/**
 * What starting outreach will really do, for its confirmation: the first emails now (how many, and
 * how long the mailboxes' limits and send windows make them take), then the follow-ups that may come
 * (an upper bound: a reply, a bounce or an unsubscribe stops them), and the contact form submissions.
 */
export function summariseOutreachStart(input: OutreachStartInput): OutreachStartSummary {
  const { sequence, emailLeads, formOnlyLeads, now } = input;
  const withEmail = sequenceReach(sequence);
  const formOnly = sequenceReach(sequence, { canEmail: false });
  const firstEmails = emailLeads * withEmail.first.emails;
  const firstForms = emailLeads * withEmail.first.forms + formOnlyLeads * formOnly.first.forms;
  const followUps = {
    emails: emailLeads * withEmail.followUps.emails,
    forms: emailLeads * withEmail.followUps.forms + formOnlyLeads * formOnly.followUps.forms,
  };
  const estimate =
    input.window && input.mailboxes.length > 0
      ? estimateSendSchedule({ emails: firstEmails, mailboxes: input.mailboxes, window: input.window, timeZone: input.timeZone, now })
      : { emails: firstEmails, mailboxes: 0, finishesAt: null };

  let headline: string;
  if (firstEmails > 0 && estimate.finishesAt) {
    headline = `Send ${plural(firstEmails, 'first email')} from ${plural(estimate.mailboxes, 'mailbox', 'mailboxes')} over ${roughDuration(estimate.finishesAt.getTime() - now.getTime())}.`;
  } else if (firstEmails > 0 || (emailLeads > 0 && withEmail.followUps.emails > 0 && input.mailboxes.length === 0)) {
    headline = 'No mailbox is chosen to send from.';
  } else if (firstForms > 0) {
    headline = `Submit up to ${plural(firstForms, 'contact form')} now; no email goes out at once.`;
  } else if (emailLeads + formOnlyLeads === 0) {
    headline = 'No lead to write to.';
  } else {
    headline = 'Nothing is sent at once: the sequence starts with a wait.';
  }

  const details: string[] = [];
  if (firstForms > 0 && firstEmails > 0) details.push(`Also submit up to ${plural(firstForms, 'contact form')} at once.`);
  const more = [
    followUps.emails > 0 ? `${plural(followUps.emails, 'more email')} (up to ${withEmail.followUps.emails} per lead)` : null,
    followUps.forms > 0 ? `${plural(followUps.forms, 'more contact form submission')}` : null,
  ].filter((part) => part !== null);
  if (more.length > 0) {
    const silent = withEmail.silentLeadBusinessDays > 0 ? ` A lead who never answers gets the last about ${plural(withEmail.silentLeadBusinessDays, 'business day')} after the first.` : '';
    const limits = followUps.emails > 0 ? "; emails go out within the mailboxes' limits and send windows" : '';
    details.push(`Then at most ${more.join(' and ')}, after the sequence's waits and only while the lead has not replied, bounced or unsubscribed${limits}.${silent}`);
  }
  const callSteps = sequence.steps.filter((step) => step.type === 'call').length;
  const joining = emailLeads + formOnlyLeads;
  if (callSteps > 0 && joining > 0) {
    const withoutPhone = Math.min(input.withoutPhone ?? 0, joining);
    const calls = `${callSteps === 1 ? 'A call step calls' : `Each of ${callSteps} call steps calls`} the lead through the campaign's assistant, inside its calling window and with its retries, only while the lead has not replied, bounced or unsubscribed`;
    const phoneless = withoutPhone > 0 ? `; ${plural(withoutPhone, 'lead')} without a phone number pass over it as not answered` : '';
    details.push(`${calls}${phoneless}.`);
  }
  if (firstForms + followUps.forms > 0) details.push('A lead whose website has no contact form Switchboard can fill (or whose robots.txt forbids it) skips a contact form step; no form is submitted twice.');
  return { headline, details, firstEmailsFinishAt: estimate.finishesAt, firstEmails, followUps };
}
