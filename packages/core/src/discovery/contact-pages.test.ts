import { describe, expect, it } from 'vitest';
import { pickContactPages } from './contact-pages.ts';

const site = 'https://www.acme-plumbing.com/';
const links = (...pairs: [string, string][]) => pairs.map(([url, text]) => ({ url, text }));

describe('pickContactPages', () => {
  it('ranks contact before impressum before team and about, then by depth', () => {
    const picked = pickContactPages(
      links(
        ['https://www.acme-plumbing.com/blog/why-pipes-burst', 'Why pipes burst'],
        ['https://www.acme-plumbing.com/company/about/history', 'Our history'],
        ['https://www.acme-plumbing.com/about-us', 'About'],
        ['https://www.acme-plumbing.com/team', 'Our people'],
        ['https://www.acme-plumbing.com/impressum', 'Impressum'],
        ['https://www.acme-plumbing.com/get-in-touch', 'Say hello'],
        ['https://www.acme-plumbing.com/locations', 'Where we work'],
      ),
      site,
      4,
    );
    expect(picked).toEqual([
      'https://www.acme-plumbing.com/get-in-touch',
      'https://www.acme-plumbing.com/impressum',
      'https://www.acme-plumbing.com/about-us',
      'https://www.acme-plumbing.com/team',
    ]);
  });

  it('judges a page by its link text when the path says nothing', () => {
    expect(pickContactPages(links(['https://acme-plumbing.com/?page_id=12', 'Contact us']), site, 3)).toEqual(['https://acme-plumbing.com/?page_id=12']);
  });

  it('reads German and percent-encoded paths', () => {
    const picked = pickContactPages(links(['https://www.acme-plumbing.com/%C3%BCber-uns', ''], ['https://www.acme-plumbing.com/kontakt', '']), site, 3);
    expect(picked).toEqual(['https://www.acme-plumbing.com/kontakt', 'https://www.acme-plumbing.com/%C3%BCber-uns']);
  });

  it('leaves out other hosts, the start page, duplicates, files and log-in pages', () => {
    const picked = pickContactPages(
      links(
        ['https://www.facebook.com/acme/about', 'About'],
        ['https://acme-plumbing.com/', 'Contact'],
        ['https://www.acme-plumbing.com/contact', 'Contact'],
        ['https://ACME-PLUMBING.com/contact/', 'Contact'],
        ['https://www.acme-plumbing.com/contact#map', 'Map'],
        ['https://www.acme-plumbing.com/about/contact-sheet.pdf', 'Contact sheet'],
        ['https://www.acme-plumbing.com/account/contact-preferences', 'Contact preferences'],
        ['mailto:info@acme-plumbing.com', 'Contact'],
      ),
      site,
      5,
    );
    expect(picked).toEqual(['https://www.acme-plumbing.com/contact']);
  });

  it('returns nothing for max 0 or a bad site URL', () => {
    expect(pickContactPages(links(['https://www.acme-plumbing.com/contact', 'Contact']), site, 0)).toEqual([]);
    expect(pickContactPages(links(['https://www.acme-plumbing.com/contact', 'Contact']), 'not a url', 2)).toEqual([]);
  });
});
