import { createTransport } from 'nodemailer';
import { commonFields, extraHeaderFields } from './headers.ts';
import { EmailInDoubt, EmailRefused, type EmailFailure, type EmailSender } from './types.ts';

/** How long nodemailer waits on a silent socket before giving up (its default is ten minutes). */
export const SMTP_SOCKET_TIMEOUT_MS = 60_000;

// Failures before the message went on the wire: the server cannot have taken it.
const BEFORE_MESSAGE_COMMANDS = new Set(['CONN', 'EHLO', 'HELO', 'LHLO', 'STARTTLS', 'MAIL FROM', 'RCPT TO']);

/** Plain SMTP through nodemailer: the fallback when Resend fails or has no key. */
export function smtpEmail(options: { url: string; from: string; socketTimeoutMs?: number }): EmailSender {
  const transport = createTransport(options.url, { socketTimeout: options.socketTimeoutMs ?? SMTP_SOCKET_TIMEOUT_MS });
  return {
    provider: 'smtp',
    async send(message) {
      const headers: Record<string, string | string[]> = extraHeaderFields(message, { includeMessageId: false });
      if (message.tags) headers['X-Switchboard-Tag'] = Object.entries(message.tags).map(([name, value]) => `${name}=${value}`);
      try {
        const info = await transport.sendMail({
          ...commonFields(message, options.from),
          ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
          headers,
        });
        return { providerMessageId: info.messageId ?? null };
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
  };
}

/**
 * A reply code means the server answered: 4xx is "not now" (retriable), 5xx is "never" (permanent,
 * with the server's words). Without a code, a failure before the message was sent (no connection,
 * refused greeting) is a clean, retriable refusal; one while it was being sent is in doubt.
 */
export function classifySmtpError(error: unknown): EmailFailure {
  const { responseCode, response, command, code, message } = error as { responseCode?: number; response?: string; command?: string; code?: string; message?: string };
  const reason = response?.trim() || message || String(error);
  const details = { provider: 'smtp' as const, statusCode: responseCode ?? null, reason, cause: error };
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) return new EmailRefused(`SMTP server refused the email for now (${responseCode})`, { ...details, retriable: true });
  if (responseCode !== undefined && responseCode >= 500) return new EmailRefused(`SMTP server refused the email (${responseCode})`, { ...details, retriable: false });
  // Checked by nodemailer before anything is sent: an address or message it cannot send as given.
  if (command === 'API' && (code === 'EENVELOPE' || code === 'EMESSAGE')) return new EmailRefused(`SMTP email not sendable: ${reason}`, { ...details, retriable: false });
  if ((command !== undefined && BEFORE_MESSAGE_COMMANDS.has(command)) || code === 'EDNS' || code === 'ECONNREFUSED') {
    return new EmailRefused(`SMTP server not reachable: ${reason}`, { ...details, retriable: true });
  }
  return new EmailInDoubt(`SMTP server did not confirm the email: ${reason}`, details);
}
