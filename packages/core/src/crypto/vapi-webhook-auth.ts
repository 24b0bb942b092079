import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signed webhook's timestamp may be from now, either way: a captured request cannot be replayed later. */
export const VAPI_WEBHOOK_TOLERANCE_MS = 5 * 60 * 1000;

/** What the server is configured to accept; either may be absent. */
export interface VapiWebhookSecrets {
  /** HMAC-SHA256 key: `x-signature` = hex HMAC of `{x-timestamp}.{raw body}`. */
  hmacSecret?: string | undefined;
  /** Shared secret Vapi sends as is in `x-vapi-secret`. */
  sharedSecret?: string | undefined;
  /** The sandbox caller's HMAC key (SANDBOX_CALL_WEBHOOK_SECRET): its messages are signed as Vapi's HMAC credential signs. */
  sandboxHmacSecret?: string | undefined;
}

export type VapiWebhookAuth = { ok: true; by: 'hmac' | 'sandbox-hmac' | 'shared-secret' } | { ok: false; problem: string };

/** The hex HMAC-SHA256 Vapi's HMAC credential sends in `x-signature`. */
export function signVapiPayload(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

function sameSecret(given: string, expected: string): boolean {
  // Compared as HMACs of equal length, so neither the content nor the length leaks through timing.
  const key = 'vapi-shared-secret-compare';
  return timingSafeEqual(createHmac('sha256', key).update(given).digest(), createHmac('sha256', key).update(expected).digest());
}

/** `x-timestamp` in seconds or milliseconds since the epoch; null when it is not a number. */
function timestampMs(value: string): number | null {
  if (!/^\d{1,16}$/.test(value)) return null;
  const number = Number(value);
  return number >= 1e12 ? number : number * 1000;
}

/**
 * Checks a Vapi webhook by whichever credential it carries and the server has: a signature (when an
 * HMAC secret is configured) or the shared secret (when that is configured). A request with neither a
 * matching credential nor a fresh timestamp is refused with the reason, for the log, never the secret.
 */
export function verifyVapiWebhook(
  secrets: VapiWebhookSecrets,
  request: { rawBody: Buffer; signature?: string | undefined; timestamp?: string | undefined; sharedSecret?: string | undefined },
  now: Date = new Date(),
): VapiWebhookAuth {
  const hmacKeys = [
    ...(secrets.hmacSecret ? [{ secret: secrets.hmacSecret, by: 'hmac' as const }] : []),
    ...(secrets.sandboxHmacSecret ? [{ secret: secrets.sandboxHmacSecret, by: 'sandbox-hmac' as const }] : []),
  ];
  if (hmacKeys.length > 0 && request.signature !== undefined) {
    if (request.timestamp === undefined) return { ok: false, problem: 'x-signature came without x-timestamp' };
    const at = timestampMs(request.timestamp);
    if (at === null) return { ok: false, problem: 'x-timestamp is not a number of seconds or milliseconds' };
    if (Math.abs(now.getTime() - at) > VAPI_WEBHOOK_TOLERANCE_MS) return { ok: false, problem: 'x-timestamp is more than 5 minutes from now' };
    const given = request.signature.trim().replace(/^sha256=/i, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(given)) return { ok: false, problem: 'x-signature does not match the body' };
    for (const key of hmacKeys) {
      const expected = signVapiPayload(key.secret, request.timestamp, request.rawBody);
      if (timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'))) return { ok: true, by: key.by };
    }
    return { ok: false, problem: 'x-signature does not match the body' };
  }
  if (secrets.sharedSecret && request.sharedSecret !== undefined) {
    return sameSecret(request.sharedSecret, secrets.sharedSecret) ? { ok: true, by: 'shared-secret' } : { ok: false, problem: 'x-vapi-secret does not match' };
  }
  const expects = [hmacKeys.length > 0 ? 'x-signature and x-timestamp' : null, secrets.sharedSecret ? 'x-vapi-secret' : null].filter(Boolean).join(' or ');
  return { ok: false, problem: expects ? `missing ${expects}` : 'no Vapi webhook secret is configured' };
}
