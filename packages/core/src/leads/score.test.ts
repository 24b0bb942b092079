import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORE_WEIGHTS, resolveScoreWeights, SCORE_REASON_CODES, scoreLead, ZScoreWeights, type LeadFacts } from './score.ts';

const now = new Date('2026-03-01T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

const strong: LeadFacts = {
  domain: 'joesplumbing.com',
  emails: ['info@joesplumbing.com'],
  phone: '+15125550147',
  websiteReachable: true,
  hasContactForm: true,
  rating: 4.8,
  reviewCount: 250,
  category: 'Plumber',
  lastSeenAt: now,
};

const empty: LeadFacts = {
  domain: null,
  emails: [],
  phone: null,
  websiteReachable: null,
  hasContactForm: null,
  rating: null,
  reviewCount: null,
  category: null,
  lastSeenAt: daysAgo(400),
};

describe('scoreLead', () => {
  it('gives a complete, well-reviewed lead full marks with high confidence', () => {
    const result = scoreLead(strong, { targetCategories: ['plumber'], now });
    expect(result.score).toBe(100);
    expect(result.confidence).toBe('high');
    expect(result.reasons.map((reason) => reason.code)).toEqual([...SCORE_REASON_CODES]);
    expect(result.reasons.find((reason) => reason.code === 'own_domain_email')?.label).toContain('info@joesplumbing.com');
  });

  it('gives a lead with nothing known zero and low confidence', () => {
    expect(scoreLead(empty, { now })).toMatchObject({ score: 0, confidence: 'low' });
  });

  it('counts an address elsewhere for less than one on the business domain', () => {
    const own = scoreLead({ ...empty, domain: 'acme.com', emails: ['jane@acme.com'] }, { now });
    const freeMail = scoreLead({ ...empty, domain: 'acme.com', emails: ['acme@gmail.com'] }, { now });
    const subdomain = scoreLead({ ...empty, domain: 'acme.com', emails: ['jane@mail.acme.com'] }, { now });
    expect(own.score).toBeGreaterThan(freeMail.score);
    expect(freeMail.score).toBeGreaterThan(0);
    expect(subdomain.score).toBe(own.score);
  });

  it('leaves category match out without target categories, and counts it with them', () => {
    const untargeted = scoreLead({ ...strong, category: 'Bakery' }, { now });
    expect(untargeted.reasons.some((reason) => reason.code === 'category_match')).toBe(false);
    expect(untargeted.score).toBe(100);
    const targeted = scoreLead({ ...strong, category: 'Bakery' }, { targetCategories: ['Plumber'], now });
    expect(targeted.score).toBe(Math.round(((100 - DEFAULT_SCORE_WEIGHTS.category_match) / 100) * 100));
  });

  it('follows a campaign’s weights', () => {
    const phoneOnly = { ...empty, phone: '+15125550147', lastSeenAt: now };
    const byDefault = scoreLead(phoneOnly, { now });
    const phoneHeavy = scoreLead(phoneOnly, { weights: { phone: 100 }, now });
    expect(phoneHeavy.score).toBeGreaterThan(byDefault.score);
    expect(scoreLead(phoneOnly, { weights: Object.fromEntries(SCORE_REASON_CODES.map((code) => [code, 0])), now }).score).toBe(0);
  });

  it('resolves a campaign’s overrides over the defaults', () => {
    expect(resolveScoreWeights({})).toEqual(DEFAULT_SCORE_WEIGHTS);
    expect(resolveScoreWeights({ phone: 40, rating: 0 })).toEqual({ ...DEFAULT_SCORE_WEIGHTS, phone: 40, rating: 0 });
  });

  it('loses freshness points as a lead ages', () => {
    const fresh = scoreLead({ ...strong, lastSeenAt: daysAgo(10) }, { now }).score;
    const older = scoreLead({ ...strong, lastSeenAt: daysAgo(100) }, { now }).score;
    const stale = scoreLead({ ...strong, lastSeenAt: daysAgo(365) }, { now }).score;
    expect(fresh).toBeGreaterThan(older);
    expect(older).toBeGreaterThan(stale);
  });

  it('rejects weights outside 0..100', () => {
    expect(ZScoreWeights.safeParse({ ...DEFAULT_SCORE_WEIGHTS, phone: 101 }).success).toBe(false);
    expect(ZScoreWeights.safeParse(DEFAULT_SCORE_WEIGHTS).success).toBe(true);
  });

  it('always scores an integer from 0 to 100 whose points never exceed their maximum (property)', () => {
    const facts = fc.record({
      domain: fc.option(fc.domain(), { nil: null }),
      emails: fc.array(fc.emailAddress(), { maxLength: 3 }),
      phone: fc.option(fc.constant('+15125550147'), { nil: null }),
      websiteReachable: fc.option(fc.boolean(), { nil: null }),
      hasContactForm: fc.option(fc.boolean(), { nil: null }),
      rating: fc.option(fc.double({ min: -10, max: 10, noNaN: true }), { nil: null }),
      reviewCount: fc.option(fc.integer({ min: -5, max: 1_000_000 }), { nil: null }),
      category: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
      lastSeenAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
    });
    const weights = fc.dictionary(fc.constantFrom(...SCORE_REASON_CODES), fc.integer({ min: 0, max: 100 }));
    fc.assert(
      fc.property(facts, weights, fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), (leadFacts, overrides, targets) => {
        const result = scoreLead(leadFacts, { weights: overrides, targetCategories: targets, now });
        expect(Number.isInteger(result.score)).toBe(true);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(100);
        for (const reason of result.reasons) {
          expect(reason.points).toBeGreaterThanOrEqual(0);
          expect(reason.points).toBeLessThanOrEqual(reason.max);
        }
        expect(result.confidence).toBe(result.score >= 70 ? 'high' : result.score >= 40 ? 'medium' : 'low');
      }),
    );
  });
});
