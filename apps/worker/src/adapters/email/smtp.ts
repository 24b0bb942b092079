import { createTransport } from 'nodemailer';
import { commonFields, extraHeaderFields } from './headers.ts';
import { EmailInDoubt, EmailRefused, type EmailFailure, type EmailSender } from './types.ts';

/** How long nodemailer waits on a silent socket before giving up (its default is ten minutes). */
export const SMTP_SOCKET_TIMEOUT_MS = 60_000;

// nodemailer names every socket failure, a silent server mid-message included, command 'CONN'; these
// are the ones that can only happen before the message went on the wire.
const BEFORE_MESSAGE_SYSCALLS = new Set(['connect', 'getaddrinfo']);
const BEFORE_MESSAGE_TIMEOUTS = /^(Connection timeout|Greeting never received)/;
const BEFORE_MESSAGE_COMMANDS = new Set(['EHLO', 'HELO', 'LHLO', 'STARTTLS', 'MAIL FROM', 'RCPT TO']);

/** Plain SMTP through nodemailer: the fallback when Resend fails or has no key. */
export function smtpEmail(options: { url: string; from: string; socketTimeoutMs?: number }): EmailSender {
  // nodemailer takes a URL's settings from the URL alone (its query included), so the timeout rides there unless the URL sets one.
  const url = new URL(options.url);
  if (!url.searchParams.has('socketTimeout')) url.searchParams.set('socketTimeout', String(options.socketTimeoutMs ?? SMTP_SOCKET_TIMEOUT_MS));
  const transport = createTransport(url.toString());
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
 * no greeting) is a clean, retriable refusal; anything else (a silent server or a dropped connection
 * while the message was going out) is in doubt.
 */
export function classifySmtpError(error: unknown): EmailFailure {
  const { responseCode, response, command, code, message, syscall } = error as {
    responseCode?: number;
    response?: string;
    command?: string;
    code?: string;
    message?: string;
    syscall?: string;
  };
  const reason = response?.trim() || message || String(error);
  const details = { provider: 'smtp' as const, statusCode: responseCode ?? null, reason, cause: error };
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) return new EmailRefused(`SMTP server refused the email for now (${responseCode})`, { ...details, retriable: true });
  if (responseCode !== undefined && responseCode >= 500) return new EmailRefused(`SMTP server refused the email (${responseCode})`, { ...details, retriable: false });
  // Checked by nodemailer before anything is sent: an address or message it cannot send as given.
  if (command === 'API' && (code === 'EENVELOPE' || code === 'EMESSAGE')) return new EmailRefused(`SMTP email not sendable: ${reason}`, { ...details, retriable: false });
  if (code === 'EAUTH') return new EmailRefused(`SMTP server refused the login: ${reason}`, { ...details, retriable: false });
  const beforeMessage =
    (command !== undefined && BEFORE_MESSAGE_COMMANDS.has(command)) ||
    (syscall !== undefined && BEFORE_MESSAGE_SYSCALLS.has(syscall)) ||
    code === 'EDNS' ||
    (code === 'ETIMEDOUT' && BEFORE_MESSAGE_TIMEOUTS.test(message ?? ''));
  if (beforeMessage) {
    return new EmailRefused(`SMTP server not reachable: ${reason}`, { ...details, retriable: true });
  }
  return new EmailInDoubt(`SMTP server did not confirm the email: ${reason}`, details);
}
