import { startVapiFake, type VapiFake } from '@switchboard/provider-fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CallInDoubt, CallRefused } from './types.ts';
import { vapiCaller } from './vapi.ts';

let vapi: VapiFake;

beforeAll(async () => {
  vapi = await startVapiFake();
});

afterAll(async () => {
  await vapi.close();
});

afterEach(() => vapi.clearFailures());

const caller = (options: { timeoutMs?: number; apiKey?: string } = {}) => vapiCaller({ apiKey: options.apiKey ?? vapi.apiKey, baseUrl: vapi.baseUrl, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
const request = (callId: string) => ({ callId, assistantId: 'asst_1', phoneNumberId: 'pn_1', customer: { number: '+15125550100', name: 'Bluebonnet Plumbing of Central Texas, Austin' } });

describe('vapiCaller (the real SDK against the local Vapi fake)', () => {
  it('places a call with the assistant, number, customer and our call id, and reads it back', async () => {
    const callId = '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c01';
    const placed = await caller().createCall(request(callId));
    expect(placed).toEqual({ vapiCallId: expect.any(String), status: 'queued' });
    expect(vapi.placedFor(callId)).toBe(1);
    const sent = vapi.placed.at(-1)!.body;
    expect(sent).toMatchObject({ assistantId: 'asst_1', phoneNumberId: 'pn_1', customer: { number: '+15125550100' }, assistantOverrides: { metadata: { callId } }, name: callId });
    expect((sent.customer as { name: string }).name).toHaveLength(40);
    await vapi.progress(placed.vapiCallId, 'ended', { endedReason: 'customer-busy', deliver: false });
    expect(await caller().getCall(placed.vapiCallId)).toMatchObject({ vapiCallId: placed.vapiCallId, status: 'ended', endedReason: 'customer-busy', callId, endedAt: expect.any(Date) });
    expect(await caller().getCall('no-such-call')).toBeNull();
  });

  it("cuts a long name at Vapi's limit without leaving a space at its end", async () => {
    const callId = '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c0f';
    await caller().createCall({ ...request(callId), customer: { number: '+15125550100', name: `${'A'.repeat(39)} Plumbing` } });
    expect((vapi.placed.at(-1)!.body.customer as { name: string }).name).toBe('A'.repeat(39));
  });

  it('asks once: a 429 is a retriable refusal with Retry-After, not a second POST', async () => {
    vapi.inject({ kind: 'rate_limit', retryAfterSeconds: 7 });
    const before = vapi.createRequests;
    const failure = await caller().createCall(request('0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c02')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CallRefused);
    expect(failure).toMatchObject({ statusCode: 429, retriable: true, retryAfterSeconds: 7 });
    expect(vapi.createRequests - before).toBe(1);
  });

  it('reads a call held back by the account’s concurrency limit as a retriable refusal', async () => {
    vapi.inject({ kind: 'concurrency_blocked', concurrencyLimit: 10 });
    const failure = await caller().createCall(request('0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c03')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CallRefused);
    expect(failure).toMatchObject({ retriable: true, reason: 'subscriptionLimits.concurrencyBlocked', message: expect.stringContaining('limit 10') });
    expect(vapi.placedFor('0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c03')).toBe(0);
  });

  it('refuses for good on a 400 with Vapi’s words, and on a wrong key', async () => {
    const bad = await caller().createCall({ ...request('0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c04'), customer: { number: '555-0100' } }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(CallRefused);
    expect(bad).toMatchObject({ statusCode: 400, retriable: false, reason: 'customer.number must be a valid phone number in the E.164 format.' });
    const unauthorized = await caller({ apiKey: 'wrong' }).createCall(request('0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c05')).catch((error: unknown) => error);
    expect(unauthorized).toMatchObject({ statusCode: 401, retriable: false });
  });

  it('leaves a 5xx or a lost answer in doubt, without asking again (Vapi takes no idempotency key)', async () => {
    vapi.inject({ kind: 'server_error', status: 503 });
    const before = vapi.createRequests;
    const failed = await caller().createCall(request('0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c06')).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(CallInDoubt);
    expect(failed).toMatchObject({ statusCode: 503 });
    expect(vapi.createRequests - before).toBe(1);

    const callId = '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c07';
    vapi.inject({ kind: 'hang', afterPlacing: true });
    const lost = await caller({ timeoutMs: 300 }).createCall(request(callId)).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(CallInDoubt);
    expect(lost).toMatchObject({ statusCode: null });
    expect(vapi.placedFor(callId)).toBe(1);
    expect(vapi.createRequests - before).toBe(2);
  });
});
