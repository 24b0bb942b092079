import type { Config } from '@switchboard/core';
import type { ProviderKeyResolver } from '@switchboard/db';
import { emailWithFailover } from './failover.ts';
import { resendEmail } from './resend.ts';
import { sandboxEmail } from './sandbox.ts';
import { smtpEmail } from './smtp.ts';
import type { EmailSender } from './types.ts';

/**
 * Resend when there is a key (SMTP, when there is a URL too, takes over when Resend says "not now"),
 * SMTP alone, or the local outbox (the sandbox).
 */
export function composeEmailSender(options: { resendApiKey?: string | undefined; smtpUrl?: string | undefined; from: string; resendBaseUrl?: string | undefined }): EmailSender {
  const smtp = options.smtpUrl ? smtpEmail({ url: options.smtpUrl, from: options.from }) : null;
  if (options.resendApiKey) {
    const resend = resendEmail({ apiKey: options.resendApiKey, from: options.from, baseUrl: options.resendBaseUrl });
    return smtp ? emailWithFailover(resend, smtp) : resend;
  }
  return smtp ?? sandboxEmail;
}

/** The environment's email provider (sign-in and reset links). */
export function emailSenderFor(config: Config): EmailSender {
  return composeEmailSender({ resendApiKey: config.RESEND_API_KEY, smtpUrl: config.SMTP_URL, from: config.EMAIL_FROM, resendBaseUrl: config.RESEND_BASE_URL });
}

/**
 * A workspace's email provider, resolved per send: its own Resend key and SMTP URL (Admin → Provider
 * keys) where it has them, else the environment's, by the same resolver the System page reads.
 */
export async function emailSenderForWorkspace(
  providerKey: ProviderKeyResolver,
  workspaceId: string,
  options: { from: string; resendBaseUrl?: string | undefined },
): Promise<EmailSender> {
  const [resend, smtp] = await Promise.all([providerKey(workspaceId, 'resend'), providerKey(workspaceId, 'smtp')]);
  return composeEmailSender({ resendApiKey: resend?.fields.apiKey, smtpUrl: smtp?.fields.url, ...options });
}
