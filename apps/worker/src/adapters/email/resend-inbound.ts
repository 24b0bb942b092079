import { Resend } from 'resend';
import { RESEND_TIMEOUT_MS } from './resend.ts';

/** An inbound email's content: Resend's `email.received` webhook carries only its metadata. */
export interface ReceivedEmailContent {
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
}

/** Fetches a received email's body and headers by its email id; null when the provider has no such email. */
export type ReadReceivedEmail = (emailId: string) => Promise<ReceivedEmailContent | null>;

/** Resend's Receiving API (GET /emails/receiving/:id) through the official SDK; the base URL is configurable for the fake. */
export function resendReceivedEmails(options: { apiKey: string; baseUrl?: string | undefined; timeoutMs?: number }): ReadReceivedEmail {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return async (emailId) => {
    const { data, error } = await client.emails.receiving.get(emailId, undefined, { signal: AbortSignal.timeout(options.timeoutMs ?? RESEND_TIMEOUT_MS) });
    if (error) {
      if (error.statusCode === 404) return null;
      // Thrown so the job is retried: the event stays unprocessed until its content can be read.
      throw new Error(`Resend could not give received email ${emailId}: ${error.message}`, { cause: error });
    }
    if (!data) return null;
    return { text: data.text, html: data.html, headers: data.headers ?? {} };
  };
}
