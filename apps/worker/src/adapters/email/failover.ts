import { EmailRefused, type EmailSender } from './types.ts';

/**
 * The primary provider, and the fallback when the primary refused with a retriable error (429, 5xx):
 * the primary certainly did not take the message, so the fallback cannot make it a second copy.
 * A permanent refusal is not failed over (the message itself is wrong), and neither is an unanswered
 * call (the primary may have taken it; it is retried there, under the same idempotency key).
 */
export function emailWithFailover(primary: EmailSender, fallback: EmailSender): EmailSender {
  return {
    provider: primary.provider,
    async send(message, target) {
      try {
        return { provider: primary.provider, ...(await primary.send(message, target)) };
      } catch (primaryError) {
        if (!(primaryError instanceof EmailRefused) || !primaryError.retriable) throw primaryError;
        try {
          const sent = await fallback.send(message, target);
          return { ...sent, provider: fallback.provider, failedOver: { from: primary.provider, reason: primaryError.reason } };
        } catch (fallbackError) {
          // Both said "not now": the primary's answer carries the wait it asked for.
          if (fallbackError instanceof EmailRefused && fallbackError.retriable) throw primaryError;
          throw fallbackError;
        }
      }
    },
  };
}
