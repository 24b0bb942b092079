import { Webhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResendFake, type ResendFake } from './resend-fake.ts';
import { generateWebhookSecret, resendEventBody, signResendWebhook } from './resend-webhooks.ts';

let fake: ResendFake;

beforeAll(async () => {
  fake = await startResendFake();
});

afterAll(() => fake.close());

const email = (to: string) => ({ from: 'Ada <ada@acme.test>', to, subject: 'Hi', text: 'Hello' });

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${fake.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('Resend fake, on the wire', () => {
  it('answers a missing key 401 and a wrong one 403, in Resend’s error shape', async () => {
    const missing = await fetch(`${fake.baseUrl}/emails`, { method: 'POST', body: JSON.stringify(email('a@example.test')) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' });
    const wrong = await post('/emails', email('a@example.test'), { authorization: 'Bearer re_other' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ statusCode: 403, name: 'invalid_api_key' });
  });

  it('answers a missing field 422 and takes nothing', async () => {
    const before = fake.accepted.length;
    const response = await post('/emails', { from: 'ada@acme.test', subject: 'Hi', text: 'x' });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ statusCode: 422, name: 'missing_required_field', message: 'Missing `to` field.' });
    expect(fake.accepted.length).toBe(before);
  });

  it('sends rate-limit headers with every answer', async () => {
    const response = await post('/emails', email('headers@example.test'));
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-limit')).toMatch(/^\d+$/);
    expect(response.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    expect(response.headers.get('ratelimit-reset')).toMatch(/^\d+$/);
  });

  it('takes a batch as one request and answers every id', async () => {
    const response = await post('/emails/batch', [email('b1@example.test'), email('b2@example.test')], { 'idempotency-key': 'batch-1' });
    const body = (await response.json()) as { data: { id: string }[] };
    expect(body.data).toHaveLength(2);
    expect(fake.accepted.filter((accepted) => accepted.idempotencyKey === 'batch-1').map((accepted) => accepted.id)).toEqual(body.data.map((entry) => entry.id));
  });

  it('answers 409 while a request with the same key is still running, and releases the key when its client gives up', async () => {
    fake.inject({ kind: 'hang' }, { to: 'slow@example.test' });
    const controller = new AbortController();
    const first = fetch(`${fake.baseUrl}/emails`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json', 'idempotency-key': 'slow-1' },
      body: JSON.stringify(email('slow@example.test')),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await expect.poll(() => fake.idempotencyKeyRequests.get('slow-1')).toBe(1);
    const concurrent = await post('/emails', email('slow@example.test'), { 'idempotency-key': 'slow-1' });
    expect(concurrent.status).toBe(409);
    expect(await concurrent.json()).toMatchObject({ name: 'concurrent_idempotent_requests' });
    controller.abort();
    await first;
    // Once the first client is gone the key is free; the hang was answered only once.
    await expect.poll(async () => (await post('/emails', email('slow@example.test'), { 'idempotency-key': 'slow-1' })).status).toBe(200);
    expect(fake.accepted.filter((accepted) => accepted.idempotencyKey === 'slow-1')).toHaveLength(1);
  });

  it('answers an injected daily quota 429 without retry-after', async () => {
    fake.inject({ kind: 'daily_quota' });
    const response = await post('/emails', email('quota@example.test'));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toMatchObject({ name: 'daily_quota_exceeded' });
  });
});

describe('Resend webhook signing', () => {
  it('signs as Svix does, so svix verifies it and rejects it under another secret', () => {
    const secret = generateWebhookSecret();
    const signed = signResendWebhook(secret, JSON.stringify(resendEventBody('email.bounced', { emailId: 'e1', from: 'a@acme.test', to: ['b@example.test'], subject: 'Hi' })));
    expect(() => new Webhook(secret).verify(signed.body, signed.headers)).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(signed.body, signed.headers)).toThrow(/No matching signature/);
    expect(JSON.parse(signed.body)).toMatchObject({ type: 'email.bounced', data: { bounce: { type: 'Permanent' } } });
  });
});
