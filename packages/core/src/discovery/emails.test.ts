import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCloudflareEmail, deobfuscateEmails, emailsFromMailto, findEmails, isPlausibleContactEmail } from './emails.ts';

describe('deobfuscateEmails', () => {
  it.each([
    ['jane [at] acme-bakery [dot] com', 'jane@acme-bakery.com'],
    ['Jane [AT] acme-bakery [DOT] Co [DOT] Uk', 'jane@acme-bakery.co.uk'],
    ['jane(at)acme-bakery.com', 'jane@acme-bakery.com'],
    ['jane (at) acme-bakery (dot) com', 'jane@acme-bakery.com'],
    ['jane{at}acme-bakery{dot}com', 'jane@acme-bakery.com'],
    ['first.last [@] acme-bakery.com', 'first.last@acme-bakery.com'],
    ['jane at acme-bakery dot com', 'jane@acme-bakery.com'],
    ['JANE AT ACME-BAKERY DOT COM', 'jane@acme-bakery.com'],
    ['jane@acme-bakery[dot]com', 'jane@acme-bakery.com'],
    ['jane@acme-bakery dot com', 'jane@acme-bakery.com'],
    ['info(at)baeckerei-schulze(punkt)de', 'info@baeckerei-schulze.de'],
    ['jane&#64;acme-bakery&#46;com', 'jane@acme-bakery.com'],
    ['jane&#x40;acme-bakery.com', 'jane@acme-bakery.com'],
    ['jane&commat;acme-bakery&period;com', 'jane@acme-bakery.com'],
  ])('reads %s', (text, email) => {
    expect(deobfuscateEmails(`Write to ${text}, we answer fast.`)).toEqual([email]);
  });

  it.each([
    'Find us at acme dot com',
    'Order online at acme.com',
    'We are at the corner of 5th dot',
    'Meet us at 10 am',
    'plain@address.com needs no decoding',
  ])('finds nothing hidden in "%s"', (text) => {
    expect(deobfuscateEmails(text)).toEqual([]);
  });

  it('recovers any address written in any of the obfuscated forms', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{1,10}$/);
    const styles = [
      (local: string, labels: string[]) => `${local} [at] ${labels.join(' [dot] ')}`,
      (local: string, labels: string[]) => `${local}(at)${labels.join('.')}`,
      (local: string, labels: string[]) => `${local} at ${labels.join(' dot ')}`,
      (local: string, labels: string[]) => [...`${local}@${labels.join('.')}`].map((character) => `&#${character.codePointAt(0)};`).join(''),
    ];
    fc.assert(
      fc.property(
        label.filter((local) => !['us', 'we', 'me', 'is', 'or', 'it', 'am', 'be'].includes(local)),
        fc.array(label, { minLength: 1, maxLength: 2 }),
        fc.constantFrom('com', 'de', 'org', 'co'),
        fc.integer({ min: 0, max: styles.length - 1 }),
        (local, labels, tld, style) => {
          const email = `${local}@${[...labels, tld].join('.')}`;
          fc.pre(isPlausibleContactEmail(email));
          expect(deobfuscateEmails(`Contact: ${styles[style]!(local, [...labels, tld])}.`)).toEqual([email]);
        },
      ),
    );
  });
});

describe('isPlausibleContactEmail', () => {
  it.each(['logo@2x.png', 'hero-image@3x.webp', 'bundle@1.2.js', 'you@example.com', 'info@example.org', 'name@domain.com', '5f2b8a1c9d3e4f60a7b8c9d0e1f2a3b4@o412345.ingest.sentry.io', 'x@sentry-next.wixpress.com', 'team@acme.example'])(
    'drops %s',
    (email) => expect(isPlausibleContactEmail(email)).toBe(false),
  );

  it.each(['info@acme.com', 'jane.doe+leads@acme-plumbing.co.uk', 'owner@rose-city.sandbox.localhost', 'joesbakery.austin@gmail.com'])('keeps %s', (email) =>
    expect(isPlausibleContactEmail(email)).toBe(true),
  );
});

describe('address sources', () => {
  it('finds plain addresses in text once each, lower case', () => {
    expect(findEmails('Mail Info@Acme.com or info@acme.com. Images: logo@2x.png')).toEqual(['info@acme.com']);
  });

  it('decodes mailto links with several recipients, escapes and a query', () => {
    expect(emailsFromMailto('MAILTO:%20Sales%40acme.com,%20support@acme.com?subject=Hi&cc=boss@acme.com')).toEqual(['sales@acme.com', 'support@acme.com']);
    expect(emailsFromMailto('mailto:broken%ZZ@acme.com')).toEqual([]);
  });

  it('decodes Cloudflare-protected addresses and rejects garbage', () => {
    const encode = (email: string, key: number) => [key, ...[...email].map((character) => character.charCodeAt(0) ^ key)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    expect(decodeCloudflareEmail(encode('office@acme.com', 0x3c))).toBe('office@acme.com');
    expect(decodeCloudflareEmail('zz')).toBeNull();
    expect(decodeCloudflareEmail(encode('not an address', 0x11))).toBeNull();
  });
});
