import { describe, expect, it } from 'vitest';
import { businessNameOf, isGenericPageTitle } from './business-name.ts';

const url = 'http://www.red-brick.example/about/';
const named = (sources: Partial<Parameters<typeof businessNameOf>[0]>) => businessNameOf({ siteName: null, resultTitle: null, pageTitle: null, url, ...sources });

describe('businessNameOf', () => {
  it('never names a business after the page the scraper landed on', () => {
    expect(named({ pageTitle: 'About | Red Brick Plumbing' })).toBe('Red Brick Plumbing');
    expect(named({ pageTitle: 'Contact Us | Red Brick Plumbing' })).toBe('Red Brick Plumbing');
    expect(named({ pageTitle: 'Über uns - Zahnarztpraxis Dr. Weber' })).toBe('Zahnarztpraxis Dr. Weber');
    expect(named({ pageTitle: 'Welcome to Red Brick Plumbing' })).toBe('Red Brick Plumbing');
  });

  it('prefers the site name, then the search result’s title, then the page title', () => {
    expect(named({ siteName: 'Red Brick', resultTitle: 'Red Brick Plumbing | Austin', pageTitle: 'Home | RB' })).toBe('Red Brick');
    expect(named({ resultTitle: 'Red Brick Plumbing | Trusted plumbers in Austin, TX', pageTitle: 'About' })).toBe('Red Brick Plumbing');
    expect(named({ siteName: 'Home', pageTitle: 'Red Brick Plumbing | Drains' })).toBe('Red Brick Plumbing');
  });

  it('falls back to the domain when every title is generic or is the address itself', () => {
    for (const title of ['About', 'About us', 'Contact', 'Home', 'Welcome', 'Index', 'Untitled', 'HOME', 'red-brick.example', 'www.red-brick.example', 'Home | red-brick.example']) {
      expect(named({ pageTitle: title, resultTitle: title }), title).toBe('red-brick.example');
    }
    expect(named({})).toBe('red-brick.example');
  });
});

describe('isGenericPageTitle', () => {
  it('keeps real names that contain a generic word', () => {
    expect(isGenericPageTitle('Home Comfort Heating', url)).toBe(false);
    expect(isGenericPageTitle('About Face Salon', url)).toBe(false);
    expect(isGenericPageTitle('About Us', url)).toBe(true);
  });
});
