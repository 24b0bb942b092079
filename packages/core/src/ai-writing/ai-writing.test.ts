import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse.ts';
import { aiWritingCacheKey } from './cache-key.ts';
import { costUsd, DEFAULT_OPENAI_MODEL, modelPrice, parseModelPrice } from './cost.ts';
import { writerEvidenceFrom, type LeadForWriter } from './evidence.ts';
import { buildWritingPrompt } from './prompt.ts';
import { AI_OPENING_MAX_CHARS, AI_SUBJECT_MAX_CHARS, AI_WRITING_JSON_SCHEMA } from './schema.ts';
import { validateWriting } from './validate.ts';

const LEAD: LeadForWriter = {
  name: '  Barton Creek   Plumbing ',
  category: 'Plumber',
  city: 'Austin',
  region: 'TX',
  country: 'US',
  address: null,
  website: 'https://bartoncreekplumbing.com/',
  description: 'Family-run plumbers since 1998, fixing water heaters across Austin.',
  rating: '4.8',
  reviewCount: 1200,
  sources: [
    { kind: 'website', evidence: { url: 'https://bartoncreekplumbing.com/', emails: ['hi@bartoncreekplumbing.com (mailto)'] } },
    { kind: 'places', evidence: { query: 'plumber Austin', address: '512 Barton Springs Rd, Austin, TX 78704' } },
  ],
};
const evidence = writerEvidenceFrom(LEAD);
const SUBJECT = 'Quick question about your website';
const check = (subject: string, opening: string) => validateWriting({ subject, opening }, evidence, SUBJECT);

describe('writer evidence', () => {
  it('takes only stored facts, with a listing address when the lead has none', () => {
    expect(evidence).toEqual({
      leadName: 'Barton Creek Plumbing',
      category: 'Plumber',
      city: 'Austin',
      region: 'TX',
      country: 'US',
      address: '512 Barton Springs Rd, Austin, TX 78704',
      website: 'https://bartoncreekplumbing.com/',
      description: 'Family-run plumbers since 1998, fixing water heaters across Austin.',
      rating: 4.8,
      reviewCount: 1200,
    });
  });

  it('cuts a long description', () => {
    expect(writerEvidenceFrom({ ...LEAD, description: 'x'.repeat(2000) }).description).toHaveLength(500);
  });
});

describe('buildWritingPrompt', () => {
  it('offers the evidence as the only facts and says so', () => {
    const prompt = buildWritingPrompt({ evidence, templateSubject: SUBJECT, stepNumber: 1 });
    expect(prompt.system).toContain('Use ONLY the facts in the evidence block');
    expect(prompt.system).toContain('Never use placeholders');
    expect(prompt.user).toContain('- Business name: Barton Creek Plumbing');
    expect(prompt.user).toContain('- Listing rating: 4.8 out of 5 from 1200 reviews');
    expect(prompt.user).toContain('- The website describes itself as: Family-run plumbers since 1998');
    expect(prompt.user).toContain('This is the first email to them.');
    // Contact details are not facts for an opening line and stay out of the prompt.
    expect(prompt.user).not.toContain('hi@bartoncreekplumbing.com');
  });

  it('omits what is unknown and marks follow-ups', () => {
    const thin = writerEvidenceFrom({ ...LEAD, category: null, city: null, region: null, country: null, website: null, description: null, rating: null, reviewCount: null, sources: [] });
    const prompt = buildWritingPrompt({ evidence: thin, templateSubject: SUBJECT, stepNumber: 3 });
    expect(prompt.user.split('\n').filter((line) => line.startsWith('- '))).toEqual(['- Business name: Barton Creek Plumbing']);
    expect(prompt.user).toContain('This is follow-up number 2');
  });
});

describe('the structured-output schema', () => {
  it('is strict, closed and requires both fields', () => {
    expect(AI_WRITING_JSON_SCHEMA.strict).toBe(true);
    expect(AI_WRITING_JSON_SCHEMA.schema.additionalProperties).toBe(false);
    expect(AI_WRITING_JSON_SCHEMA.schema.required).toEqual(Object.keys(AI_WRITING_JSON_SCHEMA.schema.properties));
  });
});

describe('validateWriting', () => {
  it('accepts text built from the evidence, numbers and link included', () => {
    const result = check('Water heaters at Barton Creek Plumbing', 'Serving Austin since 1998 with a 4.8 rating from 1,200 reviews on bartoncreekplumbing.com is impressive.');
    expect(result).toEqual({
      ok: true,
      writing: { subject: 'Water heaters at Barton Creek Plumbing', opening: 'Serving Austin since 1998 with a 4.8 rating from 1,200 reviews on bartoncreekplumbing.com is impressive.' },
    });
  });

  it('rejects a shape the schema does not allow', () => {
    expect(validateWriting({ subject: 'Hi' }, evidence, SUBJECT)).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect(validateWriting({ subject: 'Hi', opening: 'Hello.', extra: 1 }, evidence, SUBJECT)).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect(validateWriting('not an object', evidence, SUBJECT)).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect(check('x'.repeat(AI_SUBJECT_MAX_CHARS + 1), 'Hello.')).toMatchObject({ ok: false, reason: 'schema_violation', detail: expect.stringContaining('subject is longer') });
    expect(check('Hi', 'x'.repeat(AI_OPENING_MAX_CHARS + 1))).toMatchObject({ ok: false, reason: 'schema_violation', detail: expect.stringContaining('opening is longer') });
    expect(check('   ', 'Hello.')).toMatchObject({ ok: false, reason: 'schema_violation' });
  });

  it.each([
    ['Hi {{ first_name }}', 'A note for Barton Creek Plumbing.'],
    ['A note for [Company]', 'Hello.'],
    ['Hello', 'I saw <company name> in Austin.'],
    ['Hello', 'Dear {name}, nice site.'],
    ['Hello', 'Call me at XXXX.'],
  ])('rejects a placeholder left in %s / %s', (subject, opening) => {
    expect(check(subject, opening)).toMatchObject({ ok: false, reason: 'placeholder' });
  });

  it('does not take a business name with brackets for a placeholder', () => {
    const bracketed = writerEvidenceFrom({ ...LEAD, name: "Joe's [Bakery]" });
    expect(validateWriting({ subject: "A question for Joe's [Bakery]", opening: 'Hello.' }, bracketed, SUBJECT)).toMatchObject({ ok: true });
  });

  it.each([
    ['Barton Creek Plumbing', 'Congratulations on 30 years in Austin.', '30'],
    ['Barton Creek Plumbing', 'Your 4.9 rating stands out.', '4.9'],
    ['Barton Creek Plumbing', 'Saw your page at bartoncreek-plumbing.net/about today.', 'bartoncreek-plumbing.net'],
    ['Barton Creek Plumbing', 'I wrote to owner@bartoncreekplumbing.com before.', 'owner@bartoncreekplumbing.com'],
  ])('rejects a fact the evidence does not hold: %s / %s', (subject, opening, invented) => {
    const result = check(subject, opening);
    expect(result).toMatchObject({ ok: false, reason: 'ungrounded' });
    expect(result.ok ? '' : result.detail).toContain(invented);
  });
});

describe('cost', () => {
  it('prices tokens per model, dated snapshots included, to the micro-dollar', () => {
    expect(costUsd('gpt-4o-mini', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(0.75);
    expect(costUsd('gpt-4o-mini-2024-07-18', { inputTokens: 412, outputTokens: 57 })).toBe(0.000096);
    expect(costUsd('gpt-4o', { inputTokens: 0, outputTokens: 0 })).toBe(0);
  });

  it('records an unknown price as unknown, and takes an override', () => {
    expect(costUsd('my-local-llama', { inputTokens: 500, outputTokens: 50 })).toBeNull();
    expect(modelPrice('my-local-llama', { 'my-local-llama': { input: 1, output: 2 } })).toEqual({ input: 1, output: 2 });
    expect(costUsd('my-local-llama', { inputTokens: 500_000, outputTokens: 500_000 }, { 'my-local-llama': { input: 1, output: 2 } })).toBe(1.5);
    expect(parseModelPrice('0.15/0.60')).toEqual({ input: 0.15, output: 0.6 });
    expect(parseModelPrice('cheap')).toBeNull();
  });

  it('is configured with a default model and a checked price override', () => {
    expect(parseConfig({}).OPENAI_MODEL).toBe(DEFAULT_OPENAI_MODEL);
    expect(parseConfig({}).OPENAI_TIMEOUT_MS).toBe(15_000);
    expect(parseConfig({ OPENAI_MODEL: 'gpt-4.1-mini', OPENAI_PRICE_USD_PER_1M_TOKENS: '0.4/1.6' })).toMatchObject({ OPENAI_MODEL: 'gpt-4.1-mini', OPENAI_PRICE_USD_PER_1M_TOKENS: '0.4/1.6' });
    expect(() => parseConfig({ OPENAI_PRICE_USD_PER_1M_TOKENS: 'free' })).toThrow(/OPENAI_PRICE_USD_PER_1M_TOKENS/);
  });
});

describe('aiWritingCacheKey', () => {
  it('differs when any part differs and cannot be confused by separators', () => {
    const key = { workspaceId: 'w', leadId: 'l', stepKey: 'step-1', templateVersion: '3', model: 'gpt-4o-mini' };
    expect(aiWritingCacheKey(key)).toBe('ai-writing:w:l:step-1:3:gpt-4o-mini');
    expect(aiWritingCacheKey({ ...key, templateVersion: '4' })).not.toBe(aiWritingCacheKey(key));
    expect(aiWritingCacheKey({ ...key, stepKey: 'a:b', templateVersion: 'c' })).not.toBe(aiWritingCacheKey({ ...key, stepKey: 'a', templateVersion: 'b:c' }));
  });
});
