import type { SiteExtraction } from '@switchboard/core/discovery';
import { describe, expect, it } from 'vitest';
import { siteCandidate } from './site-candidate.ts';

const site: SiteExtraction = {
  title: 'Red Brick Plumbing | Emergency repairs in Austin',
  siteName: null,
  description: 'Family plumbers since 1987.',
  emails: [
    { email: 'office@red-brick.example', via: 'mailto', pageUrl: 'http://red-brick.example/contact/', name: null, role: null },
    { email: 'maria@red-brick.example', via: 'obfuscated', pageUrl: 'http://red-brick.example/team/', name: 'Maria Lopez', role: 'Owner' },
  ],
  phones: ['+15125550149'],
  socialLinks: ['https://facebook.com/redbrick'],
  contactForms: [
    {
      pageUrl: 'http://red-brick.example/contact/',
      action: 'http://red-brick.example/send',
      method: 'post',
      fields: [
        { name: 'email', type: 'email', label: 'Your email', required: true },
        { name: 'message', type: 'textarea', label: null, required: false },
      ],
    },
  ],
  hasContactForm: true,
};

describe('siteCandidate', () => {
  it('names the business from its title without the tagline and keeps the site home as its website', () => {
    const candidate = siteCandidate({ url: 'http://red-brick.example/services/drains?ref=x', origin: 'search', location: 'Austin, TX' }, 'http://red-brick.example/services/drains?ref=x', site);
    expect(candidate).toMatchObject({ name: 'Red Brick Plumbing', website: 'http://red-brick.example/', phone: '+15125550149', hasContactForm: true, websiteReachable: true });
    expect(candidate.source).toMatchObject({ kind: 'website', ref: 'red-brick.example' });
  });

  it('does not name the business after the page it landed on ("About | Red Brick Plumbing")', () => {
    const about = { ...site, title: 'About | Red Brick Plumbing' };
    expect(siteCandidate({ url: 'http://red-brick.example/about/', origin: 'search' }, 'http://red-brick.example/about/', about).name).toBe('Red Brick Plumbing');
    const untitled = { ...site, title: 'About' };
    expect(siteCandidate({ url: 'http://red-brick.example/about/', origin: 'places' }, 'http://red-brick.example/about/', untitled).name).toBe('red-brick.example');
  });

  it('places the business in the searched city only when the site itself mentions it', () => {
    expect(siteCandidate({ url: 'http://red-brick.example/', origin: 'search', location: 'Austin, TX' }, 'http://red-brick.example/', site)).toMatchObject({ city: 'Austin', region: 'TX' });
    expect(siteCandidate({ url: 'http://red-brick.example/', origin: 'search', location: 'Denver' }, 'http://red-brick.example/', site)).toMatchObject({ city: null });
  });

  it('keeps each address with the person and page it came from, and the contact form fields as evidence', () => {
    const candidate = siteCandidate({ url: 'http://red-brick.example/', origin: 'places', leadId: undefined }, 'http://red-brick.example/', site);
    expect(candidate.contacts).toContainEqual({ email: 'maria@red-brick.example', name: 'Maria Lopez', role: 'Owner', sourcePage: 'http://red-brick.example/team/' });
    expect(candidate.source.evidence['contactForms']).toEqual([
      { page: 'http://red-brick.example/contact/', method: 'POST', action: 'http://red-brick.example/send', fields: 'Your email (required), message' },
    ]);
  });
});
