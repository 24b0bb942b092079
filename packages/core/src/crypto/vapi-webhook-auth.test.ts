import { describe, expect, it } from 'vitest';
import { signVapiPayload, verifyVapiWebhook } from './vapi-webhook-auth.ts';

const HMAC = 'hmac-secret-for-tests-0123456789';
const SHARED = 'shared-secret-for-tests-0123456789';
const NOW = new Date('2026-12-02T10:00:00Z');
const body = Buffer.from('{"message":{"type":"status-update","status":"ringing"}}');
const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));

describe('verifyVapiWebhook', () => {
  it('accepts an HMAC over "{timestamp}.{body}", the timestamp in seconds or milliseconds', () => {
    for (const timestamp of [seconds(NOW), String(NOW.getTime())]) {
      const signature = signVapiPayload(HMAC, timestamp, body);
      expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: body, signature, timestamp }, NOW)).toEqual({ ok: true, by: 'hmac' });
      expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: body, signature: `sha256=${signature.toUpperCase()}`, timestamp }, NOW).ok).toBe(true);
    }
  });

  it('refuses a signature by another secret, over another body or another timestamp', () => {
    const timestamp = seconds(NOW);
    const signature = signVapiPayload(HMAC, timestamp, body);
    expect(verifyVapiWebhook({ hmacSecret: 'another-secret' }, { rawBody: body, signature, timestamp }, NOW)).toEqual({ ok: false, problem: 'x-signature does not match the body' });
    expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: Buffer.from(`${body} `), signature, timestamp }, NOW).ok).toBe(false);
    expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: body, signature, timestamp: String(Number(timestamp) + 1) }, NOW).ok).toBe(false);
    expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: body, signature: 'not-hex', timestamp }, NOW).ok).toBe(false);
    expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: body, signature }, NOW)).toEqual({ ok: false, problem: 'x-signature came without x-timestamp' });
  });

  it('refuses a timestamp more than 5 minutes away, either way', () => {
    for (const offsetMs of [-(5 * 60_000 + 1_000), 5 * 60_000 + 1_000]) {
      const timestamp = seconds(new Date(NOW.getTime() + offsetMs));
      const signature = signVapiPayload(HMAC, timestamp, body);
      expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: body, signature, timestamp }, NOW)).toEqual({ ok: false, problem: 'x-timestamp is more than 5 minutes from now' });
    }
    const fourMinutesAgo = seconds(new Date(NOW.getTime() - 4 * 60_000));
    expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: body, signature: signVapiPayload(HMAC, fourMinutesAgo, body), timestamp: fourMinutesAgo }, NOW).ok).toBe(true);
    expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: body, signature: 'ab', timestamp: 'yesterday' }, NOW).ok).toBe(false);
  });

  it('accepts the shared secret in x-vapi-secret when that is configured, and only the exact one', () => {
    expect(verifyVapiWebhook({ sharedSecret: SHARED }, { rawBody: body, sharedSecret: SHARED }, NOW)).toEqual({ ok: true, by: 'shared-secret' });
    expect(verifyVapiWebhook({ sharedSecret: SHARED }, { rawBody: body, sharedSecret: `${SHARED}x` }, NOW).ok).toBe(false);
    expect(verifyVapiWebhook({ sharedSecret: SHARED }, { rawBody: body, sharedSecret: '' }, NOW).ok).toBe(false);
    // A shared secret is no credential where only HMAC is configured, and the reverse.
    expect(verifyVapiWebhook({ hmacSecret: HMAC }, { rawBody: body, sharedSecret: HMAC }, NOW)).toEqual({ ok: false, problem: 'missing x-signature and x-timestamp' });
    const timestamp = seconds(NOW);
    expect(verifyVapiWebhook({ sharedSecret: SHARED }, { rawBody: body, signature: signVapiPayload(SHARED, timestamp, body), timestamp }, NOW)).toEqual({ ok: false, problem: 'missing x-vapi-secret' });
  });

  it('refuses everything when nothing is configured', () => {
    expect(verifyVapiWebhook({}, { rawBody: body, sharedSecret: '' }, NOW)).toEqual({ ok: false, problem: 'no Vapi webhook secret is configured' });
  });
});
