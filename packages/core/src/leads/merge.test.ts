import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEAD_SOURCE_KINDS } from './candidate.ts';
import { candidateFields, MAX_SOCIAL_LINKS, mergeLeadFields, type LeadFieldName, type LeadFields } from './merge.ts';

const stored: LeadFields = {
  name: 'Joes Plumbing',
  website: 'https://joesplumbing.com',
  address: null,
  city: 'Austin',
  region: null,
  country: 'US',
  lat: null,
  lng: null,
  phone: '+15125550147',
  category: 'Plumber',
  rating: 4.2,
  reviewCount: 10,
  description: 'Old description',
  socialLinks: ['https://facebook.com/joes'],
  hasContactForm: false,
  websiteReachable: null,
};

describe('mergeLeadFields', () => {
  it('fills blanks and keeps known values from a listing', () => {
    const { fields, changed } = mergeLeadFields(stored, { name: 'Joe’s Plumbing LLC', address: '1 Main St', city: 'Dallas', lat: 30.1, phone: '+15125550000' }, 'search');
    expect(fields).toMatchObject({ name: 'Joes Plumbing', address: '1 Main St', city: 'Austin', lat: 30.1, phone: '+15125550147' });
    expect(changed.sort()).toEqual(['address', 'lat']);
  });

  it('lets a website visit refresh reachability, contact form and description', () => {
    const { fields, changed } = mergeLeadFields(stored, { websiteReachable: true, hasContactForm: true, description: 'New', category: 'Bakery' }, 'website');
    expect(fields).toMatchObject({ websiteReachable: true, hasContactForm: true, description: 'New', category: 'Plumber' });
    expect(changed.sort()).toEqual(['description', 'hasContactForm', 'websiteReachable']);
  });

  it('lets a listing refresh rating and reviews, but not a website', () => {
    expect(mergeLeadFields(stored, { rating: 4.6, reviewCount: 20 }, 'places').fields).toMatchObject({ rating: 4.6, reviewCount: 20 });
    expect(mergeLeadFields(stored, { rating: 1, reviewCount: 1 }, 'website').changed).toEqual([]);
  });

  it('adds new social links once, up to a limit', () => {
    const { fields, changed } = mergeLeadFields(stored, { socialLinks: ['https://facebook.com/joes', 'https://instagram.com/joes'] }, 'website');
    expect(fields.socialLinks).toEqual(['https://facebook.com/joes', 'https://instagram.com/joes']);
    expect(changed).toEqual(['socialLinks']);
    const many = Array.from({ length: 50 }, (_, index) => `https://x.com/${index}`);
    expect(mergeLeadFields(stored, { socialLinks: many }, 'website').fields.socialLinks).toHaveLength(MAX_SOCIAL_LINKS);
  });

  it('reports nothing changed when the same facts arrive again', () => {
    const again = candidateFields({ name: 'Joes Plumbing', website: 'https://joesplumbing.com', city: 'Austin', country: 'us', rating: 4.2, source: { kind: 'places', ref: 'p', evidence: {} } }, '+15125550147');
    expect(mergeLeadFields(stored, again, 'places').changed).toEqual([]);
  });

  it('drops impossible numbers from a source instead of storing them', () => {
    const fields = candidateFields({ name: 'X', lat: 95, lng: -200, rating: 7, reviewCount: -3, source: { kind: 'places', ref: 'p', evidence: {} } }, null);
    expect(fields).toMatchObject({ lat: null, lng: null, rating: null, reviewCount: null });
    expect(candidateFields({ name: 'X', rating: 4.56, reviewCount: 12.4, source: { kind: 'places', ref: 'p', evidence: {} } }, null)).toMatchObject({ rating: 4.6, reviewCount: 12 });
  });

  it('never loses a known value, and changed lists exactly what differs (property)', () => {
    const text = fc.option(fc.string({ maxLength: 8 }), { nil: null });
    const number = fc.option(fc.double({ min: -50, max: 50, noNaN: true }), { nil: null });
    const bool = fc.option(fc.boolean(), { nil: null });
    const fieldsArb = fc.record({
      name: fc.string({ minLength: 1, maxLength: 8 }),
      website: text,
      address: text,
      city: text,
      region: text,
      country: text,
      lat: number,
      lng: number,
      phone: text,
      category: text,
      rating: number,
      reviewCount: number,
      description: text,
      socialLinks: fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 4 }),
      hasContactForm: bool,
      websiteReachable: bool,
    });
    const known = (value: unknown) => value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');
    fc.assert(
      fc.property(fieldsArb, fieldsArb, fc.constantFrom(...LEAD_SOURCE_KINDS), (current, incoming, kind) => {
        const before = structuredClone(current);
        const { fields, changed } = mergeLeadFields(current, incoming, kind);
        for (const name of Object.keys(current) as LeadFieldName[]) {
          if (name === 'socialLinks') {
            for (const link of current.socialLinks) expect(fields.socialLinks).toContain(link);
            continue;
          }
          if (known(current[name])) expect(known(fields[name])).toBe(true);
          expect(changed.includes(name)).toBe(fields[name] !== current[name]);
        }
        // Applying the same source twice changes nothing the second time.
        expect(mergeLeadFields(fields, incoming, kind).changed).toEqual([]);
        // The lead given is left as it was: a change comes back as a new object, no change as the lead itself.
        expect(current).toEqual(before);
        if (changed.length === 0) expect(fields).toBe(current);
        else expect(fields).not.toBe(current);
      }),
    );
  });
});
