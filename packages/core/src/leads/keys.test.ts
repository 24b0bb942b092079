import fc from 'fast-check';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { countryCode } from './country.ts';
import {
  isDirectoryHost,
  leadKeys,
  nameLocationKey,
  normalizeBusinessName,
  normalizeDomain,
  normalizeLeadEmail,
  normalizePhone,
  postalCodeFrom,
} from './keys.ts';

describe('normalizeDomain', () => {
  it('reduces a url or host to the business host', () => {
    expect(normalizeDomain('https://www.Joes-Plumbing.com:8443/contact?x=1')).toBe('joes-plumbing.com');
    expect(normalizeDomain('joes-plumbing.com')).toBe('joes-plumbing.com');
    expect(normalizeDomain('  http://WWW.example.co.uk/ ')).toBe('example.co.uk');
    expect(normalizeDomain('http://shop.example.com')).toBe('shop.example.com');
    expect(normalizeDomain('http://bakery-12.sandbox.localhost:4711/about')).toBe('bakery-12.sandbox.localhost');
  });

  it('reads hosts the way a browser does, with or without a scheme', () => {
    expect(normalizeDomain('HTTPS://WWW.ACME.COM/x')).toBe('acme.com');
    expect(normalizeDomain('https://acme.com/ä?q=%zz#x')).toBe('acme.com');
    expect(normalizeDomain('//acme.com')).toBe('acme.com');
    expect(normalizeDomain('www2.acme.com')).toBe('acme.com');
    expect(normalizeDomain('acme.com:8080')).toBe('acme.com');
    expect(normalizeDomain('acme.com\\path')).toBe('acme.com');
    expect(normalizeDomain('xn--mnchen-3ya.de')).toBe('xn--mnchen-3ya.de');
    // A number as last label makes an IPv4 address, which "acme.123" is not.
    expect(normalizeDomain('acme.123')).toBeNull();
    expect(normalizeDomain('acme.0x1f')).toBeNull();
    expect(normalizeDomain('user@acme.com')).toBeNull();
    expect(normalizeDomain('ftp://acme.com')).toBeNull();
  });

  it('refuses what is not a business website', () => {
    expect(normalizeDomain('not a url')).toBeNull();
    expect(normalizeDomain('')).toBeNull();
    expect(normalizeDomain('mailto:jane@acme.com')).toBeNull();
    expect(normalizeDomain('http://localhost:3000')).toBeNull();
    expect(normalizeDomain('http://192.168.1.10/')).toBeNull();
    expect(normalizeDomain('https://www.facebook.com/joesplumbing')).toBeNull();
    expect(normalizeDomain('https://m.yelp.com/biz/joes')).toBeNull();
    expect(normalizeDomain('https://www.google.de/maps/place/x')).toBeNull();
    expect(normalizeDomain('https://maps.google.com/?cid=1')).toBeNull();
    expect(normalizeDomain('https://www.tripadvisor.co.uk/x')).toBeNull();
    expect(normalizeDomain('https://en.wikipedia.org/wiki/Plumbing')).toBeNull();
  });

  it('does not mistake a business named after a directory for the directory', () => {
    expect(isDirectoryHost('googleplumbing.com')).toBe(false);
    expect(isDirectoryHost('yelp.example.com')).toBe(false);
    expect(isDirectoryHost('x.com')).toBe(true);
    expect(isDirectoryHost('box.com')).toBe(false);
    expect(isDirectoryHost('m.facebook.com')).toBe(true);
    expect(isDirectoryHost('Business.Facebook.COM.')).toBe(true);
    expect(isDirectoryHost('notfacebook.com')).toBe(false);
    expect(isDirectoryHost('facebook.com.evil.net')).toBe(false);
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), (url) => {
        const once = normalizeDomain(url);
        if (once !== null) expect(normalizeDomain(once)).toBe(once);
      }),
      // Generating urls is the slow part; fifty cover the shapes.
      { numRuns: 50 },
    );
  });
});

describe('normalizePhone', () => {
  it('writes numbers as E.164 with the default country for national formats', () => {
    expect(normalizePhone('(512) 555-0147', 'US')).toBe('+15125550147');
    expect(normalizePhone('+1 512 555 0147')).toBe('+15125550147');
    expect(normalizePhone('030 1234567', 'DE')).toBe('+49301234567');
    expect(normalizePhone('+44 20 7946 0958', 'US')).toBe('+442079460958');
  });

  it('refuses text that is not a phone number', () => {
    expect(normalizePhone('call us', 'US')).toBeNull();
    expect(normalizePhone('555-0147', 'US')).toBeNull();
    expect(normalizePhone('(512) 555-0147')).toBeNull();
  });

  it('reads every country\'s example number, the same each time countries take turns', () => {
    // The library is patched to compile each country's patterns once (patches/libphonenumber-js@*):
    // answers must not depend on which patterns earlier numbers compiled.
    const countries = getCountries().filter((country) => examples[country]);
    expect(countries.length).toBeGreaterThan(200);
    const read = (order: typeof countries) => order.map((country) => normalizePhone(examples[country]!, country));
    const first = read(countries);
    expect(first).toEqual(countries.map((country) => `+${getCountryCallingCode(country)}${examples[country]}`));
    expect(read([...countries].reverse())).toEqual([...first].reverse());
    expect(normalizePhone(`+${getCountryCallingCode('DE')}${examples.DE}`, 'US')).toBe(first[countries.indexOf('DE')]);
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9 ()-]{4,20}$/), (raw) => {
        const once = normalizePhone(raw, 'US');
        if (once !== null) expect(normalizePhone(once, 'US')).toBe(once);
      }),
    );
  });
});

describe('normalizeLeadEmail', () => {
  it('lower-cases, trims and drops mailto', () => {
    expect(normalizeLeadEmail(' Jane.Doe@Acme.COM ')).toBe('jane.doe@acme.com');
    expect(normalizeLeadEmail('mailto:info@acme.com?subject=Hi')).toBe('info@acme.com');
  });

  it('refuses non-addresses and image names that look like addresses', () => {
    expect(normalizeLeadEmail('jane@')).toBeNull();
    expect(normalizeLeadEmail('jane at acme dot com')).toBeNull();
    expect(normalizeLeadEmail('logo@2x.png')).toBeNull();
    expect(normalizeLeadEmail('a@b..com')).toBeNull();
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const once = normalizeLeadEmail(email);
        if (once !== null) expect(normalizeLeadEmail(once)).toBe(once);
      }),
    );
  });
});

describe('nameLocationKey', () => {
  it('treats spellings of one business in one place as the same key', () => {
    const key = nameLocationKey({ name: "Joe's Plumbing, Inc.", city: 'Austin', country: 'US' });
    expect(key).toBe('joes plumbing|austin|us');
    expect(nameLocationKey({ name: 'JOES PLUMBING LLC', city: ' austin ', country: 'United States' })).toBe(key);
    expect(nameLocationKey({ name: 'The Joe’s Plumbing', city: 'Austin', country: 'USA' })).toBe(key);
    expect(nameLocationKey({ name: 'Café Müller GmbH', city: 'München', country: 'DE' })).toBe(nameLocationKey({ name: 'Cafe Muller', city: 'Munchen', country: 'Germany' }));
    expect(nameLocationKey({ name: 'Smith & Sons', city: 'Denver' })).toBe(nameLocationKey({ name: 'Smith and Sons', city: 'Denver' }));
  });

  it('keeps one name in two places apart', () => {
    expect(nameLocationKey({ name: 'Joes Plumbing', city: 'Austin' })).not.toBe(nameLocationKey({ name: 'Joes Plumbing', city: 'Dallas' }));
  });

  it('uses a postal code from the address when there is no city, and is null without either', () => {
    expect(nameLocationKey({ name: 'Joes Plumbing', address: '1200 Main St, Austin TX 78701' })).toBe('joes plumbing|78701|');
    expect(nameLocationKey({ name: 'Joes Plumbing', address: '1200 Main St' })).toBeNull();
    expect(nameLocationKey({ name: 'Joes Plumbing' })).toBeNull();
    expect(nameLocationKey({ name: '!!!', city: 'Austin' })).toBeNull();
  });

  it('reads postal codes, not street numbers', () => {
    expect(postalCodeFrom('12345 Ranch Rd')).toBeNull();
    expect(postalCodeFrom('10 Downing St, London SW1A 2AA')).toBe('sw1a2aa');
    expect(postalCodeFrom('Hauptstr. 5, 10115 Berlin')).toBe('10115');
  });

  it('drops legal forms only at the end', () => {
    expect(normalizeBusinessName('Co-op Grocery')).toBe('co op grocery');
    expect(normalizeBusinessName('Acme L.L.C.')).toBe('acme');
    expect(normalizeBusinessName('Inc')).toBe('inc');
    expect(normalizeBusinessName('Müller Bau GmbH & Co. KG')).toBe('muller bau gmbh and');
    expect(normalizeBusinessName('The Acme Co. Ltd.')).toBe('acme');
    expect(normalizeBusinessName('Acme Holdings')).toBe('acme holdings');
  });

  it('normalising a normalised name changes nothing (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const once = normalizeBusinessName(name);
        expect(normalizeBusinessName(once)).toBe(once);
      }),
    );
  });
});

describe('countryCode', () => {
  it('reads codes and names', () => {
    expect(countryCode('us')).toBe('US');
    expect(countryCode('United Kingdom')).toBe('GB');
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('Deutschland')).toBe('DE');
    expect(countryCode('Narnia')).toBeNull();
    expect(countryCode('')).toBeNull();
  });
});

describe('leadKeys', () => {
  it('collects every identifying value of a candidate', () => {
    expect(
      leadKeys({
        name: 'Joes Plumbing',
        city: 'Austin',
        country: 'US',
        website: 'https://www.joesplumbing.com/',
        phone: '(512) 555-0147',
        contacts: [{ email: 'Info@JoesPlumbing.com' }, { email: 'info@joesplumbing.com' }, { email: 'not an email' }, { name: 'Joe' }],
        source: { kind: 'places', ref: 'place-1', evidence: {} },
      }),
    ).toEqual({ nameKey: 'joes plumbing|austin|us', domain: 'joesplumbing.com', phone: '+15125550147', emails: ['info@joesplumbing.com'] });
  });
});
