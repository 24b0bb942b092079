import { costUsd, type WritingRequest } from '@switchboard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAiWriter, type OpenAiWriterOptions } from './client.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai.ts';
import { sandboxAiWriter, SANDBOX_WRITER_MODEL } from './sandbox.ts';

let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.defaultReply = { kind: 'answer' };
});

const REQUEST: WritingRequest = {
  evidence: {
    leadName: 'Lakeside Dental Studio',
    category: 'Dentist',
    city: 'Madison',
    region: 'WI',
    country: 'US',
    address: '12 Lake St, Madison, WI 53703',
    website: 'https://lakesidedental.example/',
    description: 'Gentle family dentistry since 1998. Evening appointments.',
    rating: 4.8,
    reviewCount: 214,
  },
  templateSubject: 'Quick question',
  stepNumber: 1,
};

const writer = (overrides: Partial<OpenAiWriterOptions> = {}) =>
  openAiWriter({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, model: 'gpt-4o-mini', maxRetries: 0, timeoutMs: 2_000, ...overrides });

describe('OpenAI writer against the fake (real SDK, real HTTP)', () => {
  it('sends a strict json_schema request built from the evidence and records tokens and cost', async () => {
    fake.queueReplies({ kind: 'answer', content: { subject: 'Evening appointments in Madison', opening: 'Lakeside Dental Studio has cared for families since 1998.' }, promptTokens: 412, completionTokens: 57 });
    const result = await writer().write(REQUEST);
    expect(result).toEqual({
      writer: 'openai',
      model: 'gpt-4o-mini',
      fallback: false,
      subject: 'Evening appointments in Madison',
      opening: 'Lakeside Dental Studio has cared for families since 1998.',
      inputTokens: 412,
      outputTokens: 57,
      costUsd: costUsd('gpt-4o-mini', { inputTokens: 412, outputTokens: 57 }),
    });
    expect(result.costUsd).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent?.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(sent?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'email_opening', strict: true } });
    expect(sent?.body.messages?.[1]?.content).toContain('- Business name: Lakeside Dental Studio');
  });

  it('prices an unknown model as unknown, or as configured', async () => {
    expect(await writer({ model: 'local-llama' }).write(REQUEST)).toMatchObject({ fallback: false, costUsd: null });
    const priced = await writer({ model: 'local-llama', prices: { 'local-llama': { input: 1_000_000, output: 0 } } }).write(REQUEST);
    expect(priced.costUsd).toBe(priced.inputTokens);
  });

  it.each([
    [{ kind: 'rate_limited' } as const, 'rate_limited', 'OpenAI answered 429 (rate_limit_exceeded)'],
    [{ kind: 'server_error' } as const, 'provider_error', 'OpenAI answered 500'],
    [{ kind: 'server_error', status: 503 } as const, 'provider_error', 'OpenAI answered 503'],
  ])('falls back on %o without tokens or cost', async (reply, reason, detail) => {
    fake.queueReplies(reply);
    expect(await writer().write(REQUEST)).toEqual({ writer: 'openai', model: 'gpt-4o-mini', fallback: true, reason, detail, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  });

  it('falls back on a rejected key, without quoting the provider', async () => {
    const result = await writer({ apiKey: 'sk-wrong-key-000000000000' }).write(REQUEST);
    expect(result).toMatchObject({ fallback: true, reason: 'auth_failed', detail: 'OpenAI refused the key (401)' });
  });

  it('falls back when OpenAI does not answer within the timeout, without waiting longer', async () => {
    fake.queueReplies({ kind: 'hang' });
    const started = performance.now();
    const result = await writer({ timeoutMs: 300 }).write(REQUEST);
    expect(result).toMatchObject({ fallback: true, reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('retries a 500 once when allowed and then writes', async () => {
    fake.queueReplies({ kind: 'server_error' });
    const result = await writer({ maxRetries: 1 }).write(REQUEST);
    expect(result).toMatchObject({ fallback: false, subject: 'A question for Lakeside Dental Studio' });
    expect(fake.requests).toHaveLength(2);
  });

  it('falls back on malformed JSON, a refusal, a truncated answer and a schema violation, counting the tokens spent', async () => {
    fake.queueReplies(
      { kind: 'malformed' },
      { kind: 'refusal', message: 'I cannot write marketing emails.' },
      { kind: 'answer', finishReason: 'length' },
      { kind: 'answer', content: { subject: 'Hello' } },
    );
    const results = [await writer().write(REQUEST), await writer().write(REQUEST), await writer().write(REQUEST), await writer().write(REQUEST)];
    expect(results.map((result) => (result.fallback ? result.reason : 'written'))).toEqual(['invalid_json', 'refusal', 'truncated', 'schema_violation']);
    expect(results[1]).toMatchObject({ detail: 'the model refused: I cannot write marketing emails.' });
    for (const result of results) {
      expect(result.inputTokens).toBeGreaterThan(0);
      expect(result.costUsd).toBeGreaterThan(0);
    }
  });

  it('falls back when the answer invents a fact or leaves a placeholder', async () => {
    fake.queueReplies(
      { kind: 'answer', content: { subject: 'Lakeside Dental Studio', opening: 'Congratulations on 30 years in Madison!' } },
      { kind: 'answer', content: { subject: 'Hi {{first_name}}', opening: 'I came across Lakeside Dental Studio.' } },
    );
    expect(await writer().write(REQUEST)).toMatchObject({ fallback: true, reason: 'ungrounded', detail: "the number 30 is not in the lead's evidence" });
    expect(await writer().write(REQUEST)).toMatchObject({ fallback: true, reason: 'placeholder' });
  });

  it('falls back when the caller cancels', async () => {
    fake.queueReplies({ kind: 'hang' });
    const controller = new AbortController();
    const pending = writer({ timeoutMs: 10_000 }).write(REQUEST, controller.signal);
    await expect.poll(() => fake.requests.length).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ fallback: true, reason: 'timeout', detail: 'the call was cancelled' });
  });
});

describe('sandbox writer', () => {
  it('writes the same text for the same lead and step, from the evidence, at no cost', async () => {
    const first = await sandboxAiWriter.write(REQUEST);
    expect(first).toMatchObject({ writer: 'sandbox', model: SANDBOX_WRITER_MODEL, fallback: false, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    expect(await sandboxAiWriter.write(REQUEST)).toEqual(first);
    const text = first.fallback ? '' : `${first.subject} ${first.opening}`;
    expect(text).toContain('Lakeside Dental Studio');
  });

  it('varies between leads and steps, and every variant passes the writing rules', async () => {
    const subjects = new Set<string>();
    for (const [index, name] of ['Acme Bakery', 'Zeta Dental', 'Ortho Clinic', 'Lone Star Roofing', "Joe's [Bakery]", 'A'.repeat(300)].entries()) {
      for (const stepNumber of [1, 2, 3]) {
        const request = { ...REQUEST, stepNumber, evidence: { ...REQUEST.evidence, leadName: name, description: index % 2 === 0 ? null : REQUEST.evidence.description } };
        const result = await sandboxAiWriter.write(request);
        expect(result, `${name} step ${stepNumber}`).toMatchObject({ fallback: false });
        if (!result.fallback) subjects.add(result.subject);
      }
    }
    expect(subjects.size).toBeGreaterThan(6);
  });

  it('calls nothing over the network', async () => {
    await sandboxAiWriter.write(REQUEST);
    expect(fake.requests).toHaveLength(0);
  });
});
