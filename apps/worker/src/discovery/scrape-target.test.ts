import { describe, expect, it } from 'vitest';
import { scrapeDomain } from './scrape-target.ts';

describe('scrape targets', () => {
  it('scrapes public sites, and the sandbox world’s in sandbox mode only, under their domain', () => {
    expect(scrapeDomain('https://www.acme-plumbing.com/contact', 'live')).toBe('acme-plumbing.com');
    expect(scrapeDomain('http://bright-dental.sandbox.localhost:41234/', 'sandbox')).toBe('bright-dental.sandbox.localhost');
    expect(scrapeDomain('http://bright-dental.sandbox.localhost:41234/', 'live')).toBeNull();
  });

  it('makes no scrape task for a site on the local network or a directory', () => {
    for (const url of ['http://127.0.0.1:5432/', 'http://169.254.169.254/', 'http://10.0.0.5/', 'http://[::1]/', 'http://localhost/', 'http://printer.local/', 'http://db.localhost/', 'http://metadata.google.internal/', 'https://www.yelp.com/biz/acme']) {
      expect({ url, domain: scrapeDomain(url, 'sandbox') }).toEqual({ url, domain: null });
    }
  });
});
