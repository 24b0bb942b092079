import { createTransport } from 'nodemailer';
import { EmailRefused, type EmailSender } from './types.ts';

/** Plain SMTP, the fallback when there is no Resend key. */
export function smtpEmail(options: { url: string; from: string }): EmailSender {
  const transport = createTransport(options.url);
  return {
    provider: 'smtp',
    async send(message) {
      try {
        const info = await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
        return { providerMessageId: info.messageId ?? null };
      } catch (error) {
        // A rejection before DATA completes means the server did not take the message.
        const code = (error as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 400) throw new EmailRefused(`SMTP server refused the email (${code})`, { cause: error });
        throw error;
      }
    },
  };
}
