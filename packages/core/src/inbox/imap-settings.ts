import { z } from 'zod';
import { safeText } from '../text/safe-text.ts';
import { formatNumber } from '../text/number.ts';

export const IMAP_STATUSES = ['ok', 'reconnect_needed'] as const;
/** Null until the first poll; `reconnect_needed` while the last login or connection failed. */
export type ImapStatus = (typeof IMAP_STATUSES)[number];

const host = safeText({ error: 'Give the IMAP server’s host name.' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'Give the IMAP server’s host name.' })
  .max(253, { error: 'That host name is too long.' })
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/, { error: 'Enter a host name like imap.example.com (no scheme, no port).' });

/**
 * IMAP settings as an admin sets them on a mailbox. The password may be left out when the mailbox
 * already has one: it is kept (the form never receives it back, so it cannot resend it).
 */
export const ZMailboxImapInput = z.object({
  host,
  port: z.number({ error: 'Give the IMAP port (993 with TLS, 143 without).' }).int().min(1, { error: 'A port is 1 to 65535.' }).max(65535, { error: 'A port is 1 to 65535.' }),
  tls: z.boolean(),
  username: safeText({ error: 'Give the IMAP username.' }).trim().min(1, { error: 'Give the IMAP username.' }).max(320, { error: 'The username can be at most 320 characters.' }),
  password: safeText()
    .max(1000, { error: `The password can be at most ${formatNumber(1000)} characters.` })
    .optional()
    .transform((value) => (value ? value : undefined)),
});
export type MailboxImapInput = z.output<typeof ZMailboxImapInput>;
