import { Resend } from 'resend';
import { commonFields, extraHeaderFields } from './headers.ts';
import { EmailInDoubt, EmailRefused, type EmailFailure, type EmailSender } from './types.ts';

/** How long one call may take before it counts as unanswered (in doubt, retried with the same key). */
export const RESEND_TIMEOUT_MS = 30_000;

/** What the SDK hands back for a failed call: the body's `{statusCode, name, message}` and the response headers. */
interface ResendErrorAnswer {
  error: { statusCode: number | null; name: string; message: string };
  headers: Record<string, string> | null;
}

/**
 * Resend's API through the official SDK; the base URL is configurable so tests can point it at a local
 * fake. The SDK never throws: a failure comes back as `{ error: {statusCode, name, message}, headers }`
 * with the response's headers, which is where Retry-After and the rate-limit headers are read.
 */
export function resendEmail(options: { apiKey: string; from: string; baseUrl?: string | undefined; timeoutMs?: number }): EmailSender {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? RESEND_TIMEOUT_MS;
  return {
    provider: 'resend',
    async send(message) {
      const headers = extraHeaderFields(message, { includeMessageId: true });
      const signal = AbortSignal.timeout(timeoutMs);
      const { data, error, headers: answerHeaders } = await client.emails.send(
        {
          ...commonFields(message, options.from),
          ...(Object.keys(headers).length === 0 ? {} : { headers }),
          ...(message.tags ? { tags: Object.entries(message.tags).map(([name, value]) => ({ name, value })) } : {}),
        },
        { idempotencyKey: message.idempotencyKey, signal },
      );
      if (error) throw classifyResendError({ error, headers: answerHeaders }, signal.aborted ? timeoutMs : null);
      return { providerMessageId: data?.id ?? null };
    },
  };
}

/**
 * Sorts a failed call into "try again" and "never": 429 and 5xx are retriable (429 with the wait Resend
 * asked for), other 4xx are permanent with Resend's words. No status means no answer came (a timeout,
 * a refused or dropped connection): the SDK does not say which, so it counts as in doubt.
 */
export function classifyResendError(answer: ResendErrorAnswer, timedOutAfterMs: number | null): EmailFailure {
  const { statusCode, name, message } = answer.error;
  const unanswered = { provider: 'resend' as const, statusCode, reason: message, providerDeduplicates: true };
  if (statusCode === null) {
    const reason = timedOutAfterMs === null ? message : `No answer from Resend within ${timedOutAfterMs / 1000} s`;
    return new EmailInDoubt(`Resend did not answer: ${reason}`, { ...unanswered, reason });
  }
  const refusal = { provider: 'resend' as const, statusCode, reason: message };
  if (statusCode === 429) {
    return new EmailRefused(`Resend refused the email for now: ${message}`, { ...refusal, retriable: true, retryAfterSeconds: retryAfterSeconds(answer.headers) });
  }
  // Another request with this key is still running at Resend: it may yet be taken, so only Resend is asked again.
  if (statusCode === 409 && name === 'concurrent_idempotent_requests') return new EmailInDoubt(`Resend is still working on this email: ${message}`, unanswered);
  // A gateway timeout is an answer from in front of Resend, not from Resend: the request may have gone through.
  if (statusCode === 504) return new EmailInDoubt(`Resend timed out: ${message}`, unanswered);
  if (statusCode >= 500) return new EmailRefused(`Resend failed: ${message}`, { ...refusal, retriable: true });
  return new EmailRefused(`Resend refused the email: ${message}`, { ...refusal, retriable: false });
}

/** Retry-After (seconds or an HTTP date), else the rate-limit window's reset, in whole seconds; null when neither is there. */
export function retryAfterSeconds(headers: Record<string, string> | null, now: Date = new Date()): number | null {
  if (!headers) return null;
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const retryAfter = lower['retry-after']?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter));
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
  }
  const reset = lower['ratelimit-reset']?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) return Math.ceil(Number(reset));
  return null;
}
