import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../calendar/zoned-time.ts';
import { MAILBOX_DEFAULT_LIMITS } from '../mailboxes/limits.ts';
import { DEFAULT_SEND_WINDOW } from '../mailboxes/send-window.ts';
import { defaultSequence } from './default.ts';
import { sequenceReach } from './reach.ts';
import { ZSequence, type SequenceInput } from './schema.ts';
import { summariseOutreachStart } from './start-summary.ts';

const zone = 'America/Chicago';
// Monday 9 March 2026, 9:00 in Chicago.
const monday9 = zonedInstant(zone, { year: 2026, month: 3, day: 9, hour: 9 });
const base = { mailboxes: [MAILBOX_DEFAULT_LIMITS], window: DEFAULT_SEND_WINDOW, timeZone: zone, now: monday9, formOnlyLeads: 0 };

const email = (id: string) => ({ id, type: 'email' as const, subject: 's', body: 'b' });
const form = (id: string) => ({ id, type: 'contact_form' as const, senderName: 'Ann', senderEmail: 'ann@acme.test', body: 'Hello' });
const wait = (id: string, businessDays: number) => ({ id, type: 'wait' as const, businessDays });
const parse = (steps: SequenceInput['steps']) => ZSequence.parse({ steps });

describe('sequenceReach', () => {
  it('counts the first email now and the follow-ups after the waits', () => {
    expect(sequenceReach(defaultSequence())).toEqual({ first: { emails: 1, forms: 0 }, followUps: { emails: 2, forms: 0 }, silentLeadBusinessDays: 6 });
  });

  it('takes the most sends over every branch path, and passes email steps over for a form-only lead', () => {
    const sequence = parse([
      email('intro'),
      form('form'),
      wait('w1', 2),
      { id: 'opened', type: 'branch', on: 'opened', then: { action: 'goto', stepId: 'warm' }, otherwise: { action: 'goto', stepId: 'cold' } },
      email('warm'),
      email('warm-2'),
      { id: 'end', type: 'branch', on: 'replied', then: { action: 'stop' }, otherwise: { action: 'stop' } },
      wait('cold', 4),
      email('cold-1'),
    ]);
    // Opened: warm + warm-2 (2 emails); not: cold-1 after 4 more days (1 email).
    expect(sequenceReach(sequence)).toEqual({ first: { emails: 1, forms: 1 }, followUps: { emails: 2, forms: 0 }, silentLeadBusinessDays: 6 });
    expect(sequenceReach(sequence, { canEmail: false })).toEqual({ first: { emails: 0, forms: 1 }, followUps: { emails: 0, forms: 0 }, silentLeadBusinessDays: 0 });
  });

  it('ends a wait loop that waits for an event instead of walking it forever', () => {
    const sequence = parse([email('first'), wait('w', 1), { id: 'until-opened', type: 'branch', on: 'opened', then: { action: 'goto', stepId: 'after' }, otherwise: { action: 'goto', stepId: 'w' } }, email('after')]);
    expect(sequenceReach(sequence)).toEqual({ first: { emails: 1, forms: 0 }, followUps: { emails: 1, forms: 0 }, silentLeadBusinessDays: 0 });
  });
});

describe('summariseOutreachStart', () => {
  it('says the first emails go now and the follow-ups may follow, not only the first emails', () => {
    const summary = summariseOutreachStart({ ...base, sequence: parse([email('first'), wait('w', 3), { id: 'if-replied', type: 'branch', on: 'replied', then: { action: 'stop' } }, email('follow-up')]), emailLeads: 2 });
    expect(summary.headline).toBe('Send 2 first emails from 1 mailbox over about 1 minute.');
    expect(summary.followUps).toEqual({ emails: 2, forms: 0 });
    expect(summary.details).toEqual([
      "Then at most 2 more emails (up to 1 per lead), after the sequence's waits and only while the lead has not replied, bounced or unsubscribed; emails go out within the mailboxes' limits and send windows. A lead who never answers gets the last about 3 business days after the first.",
    ]);
  });

  it('mentions contact form submissions, for leads with an address and for those with only a form', () => {
    const formLater = summariseOutreachStart({ ...base, sequence: parse([email('first'), wait('w', 2), form('form')]), emailLeads: 3, formOnlyLeads: 2 });
    expect(formLater.headline).toBe('Send 3 first emails from 1 mailbox over about 2 minutes.');
    // A form-only lead passes its email step over but still waits before the form.
    expect(formLater.details).toEqual([
      "Then at most 5 more contact form submissions, after the sequence's waits and only while the lead has not replied, bounced or unsubscribed. A lead who never answers gets the last about 2 business days after the first.",
      'A lead whose website has no contact form Switchboard can fill (or whose robots.txt forbids it) skips a contact form step; no form is submitted twice.',
    ]);
    const formFirst = summariseOutreachStart({ ...base, sequence: parse([form('form'), email('first')]), emailLeads: 3, formOnlyLeads: 2 });
    expect(formFirst.headline).toBe('Send 3 first emails from 1 mailbox over about 2 minutes.');
    expect(formFirst.details).toEqual([
      'Also submit up to 5 contact forms at once.',
      'A lead whose website has no contact form Switchboard can fill (or whose robots.txt forbids it) skips a contact form step; no form is submitted twice.',
    ]);
  });

  it('says when nothing goes out at once, and when no mailbox can send', () => {
    expect(summariseOutreachStart({ ...base, sequence: parse([form('form')]), emailLeads: 0, formOnlyLeads: 4 }).headline).toBe('Submit up to 4 contact forms now; no email goes out at once.');
    expect(summariseOutreachStart({ ...base, sequence: parse([wait('w', 1), email('later')]), emailLeads: 2 }).headline).toBe('Nothing is sent at once: the sequence starts with a wait.');
    expect(summariseOutreachStart({ ...base, mailboxes: [], window: null, sequence: defaultSequence(), emailLeads: 2 }).headline).toBe('No mailbox is chosen to send from.');
    expect(summariseOutreachStart({ ...base, sequence: defaultSequence(), emailLeads: 0 })).toMatchObject({ headline: 'No lead to write to.', details: [] });
  });
});

describe('summariseOutreachStart with today\u2019s sends', () => {
  it('counts what each mailbox already sent today against its daily limit', () => {
    const sequence = parse([email('first')]);
    const fresh = summariseOutreachStart({ ...base, sequence, emailLeads: 5 });
    expect(fresh.headline).toBe('Send 5 first emails from 1 mailbox over about 4 minutes.');
    // Its 20 a day were all sent yesterday between 10:00 and 14:00: today's first slot opens as the first of them is a day old.
    const yesterday10 = zonedInstant(zone, { year: 2026, month: 3, day: 8, hour: 10 });
    const sentAt = Array.from({ length: 20 }, (_, index) => new Date(yesterday10.getTime() + index * 12 * 60_000));
    const used = summariseOutreachStart({ ...base, sequence, emailLeads: 5, mailboxes: [{ ...MAILBOX_DEFAULT_LIMITS, sentAt }] });
    expect(used.firstEmailsFinishAt!.getTime()).toBeGreaterThanOrEqual(sentAt[4]!.getTime() + 24 * 60 * 60_000);
    expect(used.headline).toBe('Send 5 first emails from 1 mailbox over about 2 hours.');
    // Sends older than a day no longer count.
    const old = sentAt.map((at) => new Date(at.getTime() - 24 * 60 * 60_000));
    expect(summariseOutreachStart({ ...base, sequence, emailLeads: 5, mailboxes: [{ ...MAILBOX_DEFAULT_LIMITS, sentAt: old }] }).headline).toBe(fresh.headline);
  });
});

describe('summariseOutreachStart with a call step', () => {
  it('says the call follows the campaign’s window and retries, and how many leads pass over it without a phone', () => {
    const sequence = parse([email('a'), wait('w', 2), { id: 'c', type: 'call' }, email('b')]);
    const summary = summariseOutreachStart({ ...base, sequence, emailLeads: 10, withoutPhone: 3 });
    expect(summary.details).toContain(
      "A call step calls the lead through the campaign's assistant, inside its calling window and with its retries, only while the lead has not replied, bounced or unsubscribed; 3 leads without a phone number pass over it as not answered.",
    );
    expect(summariseOutreachStart({ ...base, sequence: parse([email('a')]), emailLeads: 10, withoutPhone: 3 }).details.join(' ')).not.toContain('call');
  });
});
