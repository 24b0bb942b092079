import type { Config } from '@switchboard/core';
import { resendEmail } from './resend.ts';
import { sandboxEmail } from './sandbox.ts';
import { smtpEmail } from './smtp.ts';
import type { EmailSender } from './types.ts';

/** Resend when it has a key, SMTP as the fallback, the local outbox otherwise (the sandbox). */
export function emailSenderFor(config: Config): EmailSender {
  if (config.RESEND_API_KEY) return resendEmail({ apiKey: config.RESEND_API_KEY, from: config.EMAIL_FROM, baseUrl: config.RESEND_BASE_URL });
  if (config.SMTP_URL) return smtpEmail({ url: config.SMTP_URL, from: config.EMAIL_FROM });
  return sandboxEmail;
}
