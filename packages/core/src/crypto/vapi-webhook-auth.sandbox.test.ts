import { describe, expect, it } from 'vitest';
import { signVapiPayload, verifyVapiWebhook } from './vapi-webhook-auth.ts';

const VAPI = 'vapi-hmac-secret-for-tests-01234';
const SANDBOX = 'sandbox-caller-secret-for-tests-0';
const NOW = new Date('2026-12-02T10:00:00Z');
const body = Buffer.from('{"message":{"type":"status-update","status":"ringing"}}');
const timestamp = String(NOW.getTime());

describe('verifyVapiWebhook with the sandbox caller’s secret', () => {
  it('says which key signed: Vapi’s or the sandbox caller’s, both accepted side by side', () => {
    const both = { hmacSecret: VAPI, sandboxHmacSecret: SANDBOX };
    expect(verifyVapiWebhook(both, { rawBody: body, signature: signVapiPayload(VAPI, timestamp, body), timestamp }, NOW)).toEqual({ ok: true, by: 'hmac' });
    expect(verifyVapiWebhook(both, { rawBody: body, signature: signVapiPayload(SANDBOX, timestamp, body), timestamp }, NOW)).toEqual({ ok: true, by: 'sandbox-hmac' });
    expect(verifyVapiWebhook({ sandboxHmacSecret: SANDBOX }, { rawBody: body, signature: signVapiPayload(SANDBOX, timestamp, body), timestamp }, NOW)).toEqual({ ok: true, by: 'sandbox-hmac' });
  });

  it('holds the sandbox key to the same rules: another key, another body or a stale timestamp is refused', () => {
    const secrets = { sandboxHmacSecret: SANDBOX };
    expect(verifyVapiWebhook(secrets, { rawBody: body, signature: signVapiPayload(VAPI, timestamp, body), timestamp }, NOW)).toEqual({ ok: false, problem: 'x-signature does not match the body' });
    expect(verifyVapiWebhook(secrets, { rawBody: Buffer.from(`${body} `), signature: signVapiPayload(SANDBOX, timestamp, body), timestamp }, NOW).ok).toBe(false);
    const stale = String(NOW.getTime() - 6 * 60_000);
    expect(verifyVapiWebhook(secrets, { rawBody: body, signature: signVapiPayload(SANDBOX, stale, body), timestamp: stale }, NOW)).toEqual({ ok: false, problem: 'x-timestamp is more than 5 minutes from now' });
    expect(verifyVapiWebhook(secrets, { rawBody: body }, NOW)).toEqual({ ok: false, problem: 'missing x-signature and x-timestamp' });
    // The sandbox key is no shared secret.
    expect(verifyVapiWebhook(secrets, { rawBody: body, sharedSecret: SANDBOX }, NOW).ok).toBe(false);
  });
});
