import { EmailRefused, type EmailAddress, type EmailMessage } from './types.ts';

/** `Name <address>`, the name quoted when it holds characters that would end it early. */
export function formatAddress(address: EmailAddress): string {
  if (!address.name) return address.address;
  const name = /[",<>@:;()[\]\\]/.test(address.name) ? `"${address.name.replace(/["\\]/g, '\\$&')}"` : address.name;
  return `${name} <${address.address}>`;
}

/** The fields Resend's SDK and nodemailer name alike: sender, recipient, subject, both parts, reply-to. */
export function commonFields(message: EmailMessage, defaultFrom: string) {
  return {
    from: message.from ? formatAddress(message.from) : defaultFrom,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
  };
}

/**
 * The header fields a message adds to what the provider writes itself: the extra headers, our
 * Message-ID, and the unsubscribe pair of RFC 2369 and RFC 8058 (an https URL a mailbox provider
 * may POST `List-Unsubscribe=One-Click` to, and a mailto for clients that only send mail).
 */
export function extraHeaderFields(message: EmailMessage, options: { includeMessageId: boolean }): Record<string, string> {
  const fields: Record<string, string> = { ...message.headers };
  if (options.includeMessageId && message.messageId) fields['Message-ID'] = message.messageId;
  if (message.unsubscribe) {
    const mailto = message.unsubscribe.mailto.startsWith('mailto:') ? message.unsubscribe.mailto : `mailto:${message.unsubscribe.mailto}`;
    fields['List-Unsubscribe'] = `<${message.unsubscribe.url}>, <${mailto}>`;
    fields['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  for (const [name, value] of Object.entries({ ...fields, Subject: message.subject })) {
    // A line break in a header value would let text become headers of its own (header injection).
    if (/[\r\n]/.test(value) || /[^\x21-\x39\x3b-\x7e]/.test(name)) {
      throw new EmailRefused(`The ${name} header holds a line break or an invalid character`, { retriable: false, reason: `invalid ${name} header` });
    }
  }
  return fields;
}
