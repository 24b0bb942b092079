import { Resend } from 'resend';
import { EmailRefused, type EmailSender } from './types.ts';

/** Resend's API; the base URL is configurable so tests can point it at a local fake. */
export function resendEmail(options: { apiKey: string; from: string; baseUrl?: string | undefined }): EmailSender {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return {
    provider: 'resend',
    async send(message) {
      const { data, error } = await client.emails.send(
        { from: options.from, to: message.to, subject: message.subject, text: message.text },
        { idempotencyKey: message.idempotencyKey },
      );
      // Resend answers errors in the body; none of them means the message went out.
      if (error) throw new EmailRefused(`Resend refused the email: ${error.message}`);
      return { providerMessageId: data?.id ?? null };
    },
  };
}
