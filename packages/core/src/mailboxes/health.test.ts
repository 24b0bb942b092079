import { describe, expect, it } from 'vitest';
import { mailboxHealth } from './health.ts';

describe('mailbox health', () => {
  it('stays healthy at the limits', () => {
    expect(mailboxHealth({ sends: 200, hardBounces: 4, complaints: 0 })).toEqual({ healthy: true });
    expect(mailboxHealth({ sends: 3, hardBounces: 1, complaints: 0 })).toEqual({ healthy: true });
  });

  it('pauses over 2 % hard bounces or 0.1 % complaints, and says why', () => {
    expect(mailboxHealth({ sends: 200, hardBounces: 5, complaints: 0 })).toEqual({
      healthy: false,
      rule: 'hard_bounces',
      reason: 'Paused: 5 hard bounces in the last 200 sends (2.5 % of 200, over the 2.0 % limit).',
    });
    expect(mailboxHealth({ sends: 40, hardBounces: 0, complaints: 1 })).toEqual({
      healthy: false,
      rule: 'complaints',
      reason: 'Paused: 1 spam complaint in its first 40 sends (over the 0.10 % limit).',
    });
  });
});
