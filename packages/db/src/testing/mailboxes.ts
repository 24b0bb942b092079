import type { MailboxSettings } from '../queries/mailboxes.ts';

/** A mailbox's settings for tests: the product's default limits, sending on weekdays 9:00–17:00. */
export const TEST_MAILBOX_SETTINGS: MailboxSettings = Object.freeze({
  fromName: 'Ann at Acme',
  fromAddress: 'ann@acme.test',
  provider: 'resend',
  limitPerMinute: 1,
  limitPerHour: 5,
  limitPerDay: 20,
  signature: '',
  postalAddress: '1 Main St, Austin TX',
  sendDays: [1, 2, 3, 4, 5],
  sendStartMinute: 540,
  sendEndMinute: 1020,
});
