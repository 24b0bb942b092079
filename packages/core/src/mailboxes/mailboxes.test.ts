import { describe, expect, it } from 'vitest';
import { mailboxDelivery, mailboxSendBlockers } from './provider.ts';
import { formatMinuteOfDay, parseMinuteOfDay, ZCreateMailboxInput, ZUpdateMailboxInput } from './settings.ts';
import { mailboxStatusesAllowing, transitionMailbox } from './state-machine.ts';

const minimal = { fromName: 'Ann at Acme', fromAddress: ' Ann@Acme.TEST ', provider: 'resend' as const };

describe('mailbox settings', () => {
  it('fills the defaults: 1/5/20 a minute/hour/day, Monday to Friday 9:00–17:00, no postal address yet', () => {
    expect(ZCreateMailboxInput.parse(minimal)).toEqual({
      fromName: 'Ann at Acme',
      fromAddress: 'ann@acme.test',
      provider: 'resend',
      limitPerMinute: 1,
      limitPerHour: 5,
      limitPerDay: 20,
      signature: '',
      postalAddress: null,
      sendDays: [1, 2, 3, 4, 5],
      sendStartMinute: 540,
      sendEndMinute: 1020,
    });
  });

  it('refuses a bad address, limits out of order and a window that ends before it starts, each with its reason', () => {
    const problems = (input: object) => {
      const result = ZCreateMailboxInput.safeParse({ ...minimal, ...input });
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(problems({ fromAddress: 'not an address' })).toEqual(['fromAddress: Enter a valid email address, like ann@acme.com.']);
    expect(problems({ limitPerMinute: 0 })).toEqual(['limitPerMinute: The limit per minute must be at least 1.']);
    expect(problems({ limitPerMinute: 10, limitPerHour: 5 })).toEqual(['limitPerHour: The limit per hour cannot be lower than the limit per minute.']);
    expect(problems({ limitPerDay: 4 })).toEqual(['limitPerDay: The limit per day cannot be lower than the limit per hour.']);
    expect(problems({ limitPerDay: 2.5 })).toContain('limitPerDay: The limit per day must be a whole number.');
    expect(problems({ limitPerDay: 20_000 })).toEqual(['limitPerDay: The limit per day can be at most 2,000.']);
    expect(problems({ signature: 'x'.repeat(5001) })).toEqual(['signature: The signature can be at most 5,000 characters.']);
    expect(problems({ sendStartMinute: 1020, sendEndMinute: 540 })).toEqual(['sendEndMinute: The send window must end after it starts (on the same day).']);
    expect(problems({ sendDays: [] })).toEqual(['sendDays: Pick at least one day it may send on.']);
    expect(problems({ sendDays: [7] })).toEqual(['sendDays.0: Days are 0 (Sunday) to 6 (Saturday).']);
    expect(problems({ provider: 'gmail' })).toEqual(['provider: Choose Resend or SMTP.']);
  });

  it('sorts and dedupes the days and stores a blank postal address as none', () => {
    expect(ZCreateMailboxInput.parse({ ...minimal, sendDays: [5, 1, 1], postalAddress: '   ' })).toMatchObject({ sendDays: [1, 5], postalAddress: null });
    const full = ZCreateMailboxInput.parse(minimal);
    expect(ZUpdateMailboxInput.parse({ ...full, postalAddress: ' 1 Main St ' })).toMatchObject({ postalAddress: '1 Main St' });
    // An update names every setting: a missing one is refused, never reset to its default.
    const { limitPerDay: _omitted, ...withoutDay } = full;
    expect(ZUpdateMailboxInput.safeParse(withoutDay).success).toBe(false);
    expect(ZUpdateMailboxInput.safeParse({ ...full, limitPerHour: 30 }).error?.issues[0]?.message).toBe('The limit per day cannot be lower than the limit per hour.');
  });

  it('reads and writes times of day', () => {
    expect(parseMinuteOfDay('9:30')).toBe(570);
    expect(parseMinuteOfDay('24:00')).toBe(1440);
    expect(parseMinuteOfDay('24:30')).toBeNull();
    expect(parseMinuteOfDay('12:75')).toBeNull();
    expect(formatMinuteOfDay(570)).toBe('09:30');
  });
});

describe('mailbox status', () => {
  it('pauses an active mailbox, resumes a paused one and never brings back an archived one', () => {
    expect(transitionMailbox('active', 'pause')).toBe('paused');
    expect(transitionMailbox('paused', 'resume')).toBe('active');
    expect(() => transitionMailbox('active', 'resume')).toThrow('A mailbox that is active cannot be resumed.');
    expect(() => transitionMailbox('archived', 'resume')).toThrow('A mailbox that is archived cannot be resumed.');
    expect(mailboxStatusesAllowing('archive')).toEqual(['active', 'paused']);
  });
});

describe('mailbox delivery', () => {
  it('says which key sends, or that the sandbox keeps the email, or that nothing is configured', () => {
    expect(mailboxDelivery('resend', { workspace: ['resend'], environment: [] }).state).toBe('workspace_key');
    expect(mailboxDelivery('smtp', { workspace: [], environment: ['smtp'] }).state).toBe('server_key');
    expect(mailboxDelivery('resend', { workspace: ['search'], environment: [] })).toEqual({ state: 'sandbox', message: 'sandbox: sends go to the local outbox' });
    const missing = mailboxDelivery('resend', { workspace: [], environment: ['smtp'] });
    expect(missing.state).toBe('not_configured');
    expect(mailboxSendBlockers({ status: 'paused', postalAddress: null, pausedReason: 'bounces' }, missing)).toEqual([
      'Paused: bounces',
      'Add a postal address: every email’s footer needs one',
      missing.message,
    ]);
  });
});
