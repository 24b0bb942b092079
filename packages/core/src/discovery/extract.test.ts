import { describe, expect, it } from 'vitest';
import { extractPage } from './extract.ts';
import baeckereiImpressum from './fixtures/baeckerei-impressum.html?raw';
import bakeryTeam from './fixtures/bakery-team.html?raw';
import dentistContact from './fixtures/dentist-contact.html?raw';
import noCountry from './fixtures/no-country.html?raw';
import plumberHome from './fixtures/plumber-home.html?raw';

const FIXTURES: Record<string, string> = {
  'plumber-home.html': plumberHome,
  'dentist-contact.html': dentistContact,
  'bakery-team.html': bakeryTeam,
  'baeckerei-impressum.html': baeckereiImpressum,
  'no-country.html': noCountry,
};
const fixture = (name: string) => FIXTURES[name]!;

describe('extractPage on a plumber’s WordPress home page', () => {
  const page = extractPage(fixture('plumber-home.html'), 'https://www.lonestarplumbing.com/');

  it('reads the name, title and meta description', () => {
    expect(page.siteName).toBe('Lone Star Plumbing');
    expect(page.title).toBe('Lone Star Plumbing Co. | Emergency Plumbers in Austin, TX');
    expect(page.description).toMatch(/^Family-owned plumbers serving Austin since 1998/);
  });

  it('finds the obfuscated footer address and ignores assets, placeholders and trackers', () => {
    expect(page.emails).toEqual([{ email: 'service@lonestarplumbing.com', via: 'obfuscated', name: null, role: null }]);
  });

  it('normalises every valid phone number to E.164 and skips numbers that are not phones', () => {
    expect(page.phones).toEqual(['+15125550147', '+15125550199', '+15125550100']);
  });

  it('keeps profile links and drops share widgets and directories', () => {
    expect(page.socialLinks.sort()).toEqual([
      'https://facebook.com/lonestarplumbingatx',
      'https://instagram.com/lonestarplumbing',
      'https://linkedin.com/company/lone-star-plumbing-co',
      'https://youtube.com/@LoneStarPlumbingATX',
    ]);
  });

  it('does not count a newsletter box or a search field as a contact form', () => {
    expect(page.contactForms).toEqual([]);
  });

  it('lists internal links as absolute URLs without fragments', () => {
    const urls = page.links.map((link) => link.url);
    expect(urls).toContain('https://www.lonestarplumbing.com/contact/');
    expect(urls).toContain('https://www.lonestarplumbing.com/about-us/');
    expect(urls.some((url) => url.includes('maps.google.com') || url.includes('#'))).toBe(false);
    expect(page.links.find((link) => link.url.endsWith('/our-team/'))?.text).toBe('Meet the Team');
  });
});

describe('extractPage on a dental practice’s contact page', () => {
  const page = extractPage(fixture('dentist-contact.html'), 'https://brightsmile-dental.com/contact');

  it('finds mailto, entity-encoded, Cloudflare-protected, "(at)" and JSON-LD addresses', () => {
    expect(Object.fromEntries(page.emails.map((found) => [found.email, found.via]))).toEqual({
      'appointments@brightsmile-dental.com': 'mailto',
      'frontdesk@brightsmile-dental.com': 'obfuscated',
      'billing@brightsmile-dental.com': 'text',
      'insurance@brightsmile-dental.com': 'obfuscated',
      'hello@brightsmile-dental.com': 'text',
    });
  });

  it('reads national numbers with the country from structured data', () => {
    expect(page.phones).toEqual(['+13035550112']);
  });

  it('describes the contact form with its visible fields and their labels', () => {
    expect(page.contactForms).toEqual([
      {
        action: 'https://brightsmile-dental.com/wp-json/contact-form-7/v1/contact-forms/42/feedback',
        method: 'post',
        fields: [
          { name: 'your-name', type: 'text', label: 'Your name', required: true },
          { name: 'your-email', type: 'email', label: 'Email address', required: true },
          { name: 'your-phone', type: 'tel', label: 'Phone (optional)', required: false },
          { name: 'reason', type: 'select', label: 'Reason for your visit', required: false },
          { name: 'your-message', type: 'textarea', label: 'Message', required: true },
        ],
      },
    ]);
  });

  it('falls back to the first substantial paragraph for the description', () => {
    expect(page.description).toMatch(/^Call our front desk at \(303\) 555-0112/);
  });
});

describe('extractPage on a bakery’s team page', () => {
  const page = extractPage(fixture('bakery-team.html'), 'https://rosecitybakehouse.com/team');

  it('ties team addresses to the person and role in the same card', () => {
    expect(page.emails.filter((found) => found.via === 'mailto')).toEqual([
      { email: 'maria@rosecitybakehouse.com', via: 'mailto', name: 'Maria Gonzalez', role: 'Owner & Head Baker' },
      { email: 'catering@rosecitybakehouse.com', via: 'mailto', name: "Tom O'Brien", role: 'Catering Manager' },
    ]);
  });

  it('reads spelled-out, reversed and decoy-split addresses but not ordinary sentences', () => {
    const others = page.emails.filter((found) => found.via !== 'mailto').map((found) => found.email);
    expect(others.sort()).toEqual(['hello@rosecitybakehouse.com', 'orders@rosecitybakehouse.com', 'wholesale@rosecitybakehouse.com']);
  });

  it('uses og:description when there is no meta description', () => {
    expect(page.description).toBe("Meet the bakers behind Portland's favourite sourdough.");
  });

  it('keeps TikTok and X profiles but not a hashtag page', () => {
    expect(page.socialLinks).toEqual(['https://tiktok.com/@rosecitybakehouse', 'https://x.com/rosecitybakes']);
    expect(page.phones).toEqual(['+15035550163']);
  });
});

describe('extractPage on a German impressum', () => {
  const page = extractPage(fixture('baeckerei-impressum.html'), 'https://www.baeckerei-schulze.de/impressum');

  it('reads German numbers and "(at) … (punkt)" addresses', () => {
    expect(page.phones).toEqual(['+493061234567', '+493061234568']);
    expect(page.emails.map((found) => found.email)).toEqual(['info@baeckerei-schulze.de']);
  });

  it('links to the Kontakt and Über uns pages', () => {
    expect(page.links.map((link) => link.text)).toEqual(['Startseite', 'Über uns', 'Kontakt', 'Impressum']);
    expect(page.description).toMatch(/^Bäckerei Schulze GmbH – seit 1952/);
  });
});

describe('extractPage without a known country', () => {
  const html = fixture('no-country.html');

  it('reads only international numbers', () => {
    expect(extractPage(html, 'https://harbourelectric.com/').phones).toEqual(['+442079460019']);
  });

  it('reads national numbers when the caller knows the country', () => {
    expect(extractPage(html, 'https://harbourelectric.com/', { defaultCountry: 'GB' }).phones).toEqual(['+442079460018', '+442079460019']);
  });

  it('takes the country from a country-code domain', () => {
    expect(extractPage(html, 'https://harbourelectric.co.uk/').phones).toEqual(['+442079460018', '+442079460019']);
  });

  it('splits a mailto with several recipients and drops reserved domains', () => {
    expect(extractPage(html, 'https://harbourelectric.com/').emails.map((found) => found.email)).toEqual(['office@harbourelectric.co.uk']);
  });
});

describe('extractPage on broken input', () => {
  it('returns empty findings for an empty or non-HTML document', () => {
    for (const html of ['', 'not html at all', '<html><body><a href="javascript:void(0)">x</a><a href="http://[bad">y</a></body></html>']) {
      const page = extractPage(html, 'https://acme.com/');
      expect(page).toMatchObject({ emails: [], phones: [], socialLinks: [], contactForms: [], description: null });
    }
  });
});
