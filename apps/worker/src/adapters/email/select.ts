import type { Config } from '@switchboard/core';
import { emailWithFailover } from './failover.ts';
import { resendEmail } from './resend.ts';
import { sandboxEmail } from './sandbox.ts';
import { smtpEmail } from './smtp.ts';
import type { EmailSender } from './types.ts';

/** Resend when it has a key (SMTP, when configured, takes over when Resend says "not now"), SMTP alone, or the local outbox (the sandbox). */
export function emailSenderFor(config: Config): EmailSender {
  const smtp = config.SMTP_URL ? smtpEmail({ url: config.SMTP_URL, from: config.EMAIL_FROM }) : null;
  if (config.RESEND_API_KEY) {
    const resend = resendEmail({ apiKey: config.RESEND_API_KEY, from: config.EMAIL_FROM, baseUrl: config.RESEND_BASE_URL });
    return smtp ? emailWithFailover(resend, smtp) : resend;
  }
  return smtp ?? sandboxEmail;
}
