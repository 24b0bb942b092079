import { describe, expect, it } from 'vitest';
import type { LeadCandidate } from './candidate.ts';
import { candidateMatchStrength, prepareLeadCandidate } from './group-candidates.ts';
import { businessNamesAgree, businessNameWords, describeLeadKeys, leadMatchStrength } from './match-strength.ts';

const row = (overrides: Partial<LeadCandidate>): LeadCandidate => ({
  name: 'Joes Plumbing',
  country: 'US',
  source: { kind: 'import', ref: 'list.csv#row1', evidence: {} },
  ...overrides,
});

describe('businessNamesAgree', () => {
  const agree = (a: string, b: string) => businessNamesAgree(businessNameWords(a), businessNameWords(b));

  it('reads the same business under its usual spellings', () => {
    expect(agree('Rosa Bakery', 'Rosa’s Bakery LLC')).toBe(true);
    expect(agree("Joe's Plumbing", 'Joes Plumbing | Emergency repairs')).toBe(true);
    expect(agree('The Green Cafe', 'green café')).toBe(true);
  });

  it('tells different businesses apart, and a missing name agrees with nothing', () => {
    expect(agree('Alpha Dental', 'Beta Dental')).toBe(false);
    expect(agree('Bright Smiles Dentistry', "Joe's Plumbing")).toBe(false);
    expect(agree('', 'Joes Plumbing')).toBe(false);
  });
});

describe('leadMatchStrength', () => {
  it('merges on one identifying key: a listing, a domain, a name in its town', () => {
    expect(leadMatchStrength(['source'], false)).toBe('strong');
    expect(leadMatchStrength(['domain'], false)).toBe('strong');
    expect(leadMatchStrength(['name'], false)).toBe('strong');
  });

  it('merges on a phone or an address only with a second key or an agreeing name', () => {
    expect(leadMatchStrength(['phone', 'email'], false)).toBe('strong');
    expect(leadMatchStrength(['email', 'email'], false)).toBe('strong');
    expect(leadMatchStrength(['phone'], true)).toBe('strong');
    expect(leadMatchStrength(['email'], true)).toBe('strong');
  });

  it('calls a lone phone or address with a different name weak, and nothing shared none', () => {
    expect(leadMatchStrength(['phone'], false)).toBe('weak');
    expect(leadMatchStrength(['email'], false)).toBe('weak');
    expect(leadMatchStrength([], true)).toBe('none');
  });
});

describe('candidateMatchStrength', () => {
  const strength = (a: Partial<LeadCandidate>, b: Partial<LeadCandidate>) => candidateMatchStrength(prepareLeadCandidate(row(a), 0), prepareLeadCandidate(row(b), 1));

  it('keeps two businesses apart that share only a phone number (different name, site and city)', () => {
    expect(
      strength(
        { name: "Joe's Plumbing", website: 'joesplumbing.example.com', city: 'Austin', phone: '+15125550147' },
        { name: 'Bright Smiles Dentistry', website: 'brightsmiles.example.com', city: 'Dallas', phone: '(512) 555-0147' },
      ),
    ).toBe('weak');
  });

  it('joins the same business seen with a phone and a spelling of its name', () => {
    expect(strength({ name: 'Rosa Bakery', city: 'Austin', phone: '+15125550199' }, { name: 'Rosa’s Bakery LLC', phone: '512-555-0199' })).toBe('strong');
    expect(strength({ name: 'A', phone: '+15125550199', contacts: [{ email: 'hi@a.example.com' }] }, { name: 'B', phone: '+15125550199', contacts: [{ email: 'hi@a.example.com' }] })).toBe('strong');
    expect(strength({ name: 'A', website: 'a.example.com' }, { name: 'B', website: 'https://www.a.example.com/' })).toBe('strong');
    expect(strength({ name: 'A', city: 'Austin' }, { name: 'B', city: 'Austin' })).toBe('none');
  });
});

describe('describeLeadKeys', () => {
  it('names each kind once, in words', () => {
    expect(describeLeadKeys(['phone'])).toBe('phone');
    expect(describeLeadKeys(['domain', 'phone', 'email', 'email'])).toBe('website, phone and email address');
    expect(describeLeadKeys([])).toBe('other rows of this file');
  });
});
