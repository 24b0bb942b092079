import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { LeadCandidate } from './candidate.ts';
import { countryCode } from './country.ts';
import { foldText } from './text.ts';

/** Sites that list many businesses: a link to one of them is not the business's own website. */
const DIRECTORY_SITES = [
  'facebook.com',
  'fb.com',
  'fb.me',
  'instagram.com',
  'linkedin.com',
  'twitter.com',
  'x.com',
  'youtube.com',
  'youtu.be',
  'tiktok.com',
  'pinterest.com',
  'wikipedia.org',
  'wikimedia.org',
  'yellowpages.com',
  'yellowpages.ca',
  'yell.com',
  'bbb.org',
  'foursquare.com',
  'mapquest.com',
  'nextdoor.com',
  'angi.com',
  'angieslist.com',
  'houzz.com',
  'thumbtack.com',
  'manta.com',
  'bing.com',
  'apple.com',
  'goo.gl',
  'g.page',
  'linktr.ee',
  'wa.me',
  'whatsapp.com',
];

// Brands with a site per country (google.de, yelp.co.uk, tripadvisor.com.au): matched on the label.
const DIRECTORY_BRANDS = new Set(['google', 'yelp', 'tripadvisor', 'yellowpages', 'gelbeseiten', 'pagesjaunes']);

const DIRECTORY_SITE_SET = new Set(DIRECTORY_SITES);
/** Labels in the longest listed site: a host is one of them or below it only through its last few labels. */
const DIRECTORY_SITE_LABELS = Math.max(...DIRECTORY_SITES.map((site) => site.split('.').length));
const DIRECTORY_BRAND_WORD = new RegExp([...DIRECTORY_BRANDS].join('|'));

export function isDirectoryHost(host: string): boolean {
  const hostname = host.toLowerCase().replace(/\.$/, '');
  // The host's last label, last two labels, ... ("com", "facebook.com"): the site itself or one above it.
  for (let labels = 0, dot = hostname.length; labels < DIRECTORY_SITE_LABELS && dot > 0; labels += 1) {
    dot = hostname.lastIndexOf('.', dot - 1);
    if (DIRECTORY_SITE_SET.has(hostname.slice(dot + 1))) return true;
  }
  // Most hosts hold no brand's name anywhere.
  if (!DIRECTORY_BRAND_WORD.test(hostname)) return false;
  const labels = hostname.split('.');
  // The brand followed only by a short public suffix: "google.com", "google.co.uk", "maps.google.de".
  return labels.some((label, index) => {
    if (!DIRECTORY_BRANDS.has(label)) return false;
    const suffix = labels.slice(index + 1);
    return suffix.length >= 1 && suffix.length <= 2 && suffix.every((part) => part.length <= 3);
  });
}

/**
 * The host that identifies a business's website: lower case, no port, no leading "www.". Null for
 * input that is not a web address and for directory sites. No public-suffix logic: a subdomain is
 * its own site (the sandbox serves businesses at `<slug>.sandbox.localhost`).
 */
export function normalizeDomain(urlOrHost: string): string | null {
  const trimmed = urlOrHost.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return null;
  const hostname = plainWebsiteHost(trimmed) ?? urlHostname(trimmed);
  if (hostname === null) return null;
  const host = hostname.replace(/\.$/, '').replace(/^www\d*\./, '');
  // A business site has a name with a dot; IP addresses are hosting, not identity.
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) || /^[\d.]+$/.test(host)) return null;
  if (isDirectoryHost(host)) return null;
  return host;
}

// The shape nearly every website cell has ("https://www.acme.com/contact", "acme.com"): its host is
// read here, as a browser reads it, without building a URL (a microsecond, twice per imported row).
// Nothing after the host can make such a url invalid.
const PLAIN_WEBSITE = /^(?:https?:\/\/)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/?#]|$)/i;
// Hosts a browser reads otherwise: punycode labels are checked, and a number as last label makes an IPv4 address.
const NOT_PLAIN_HOST = /(?:^|\.)xn--|\.(?:\d+|0x[0-9a-f]*)$/i;

function plainWebsiteHost(text: string): string | null {
  const host = PLAIN_WEBSITE.exec(text)?.[1];
  return host === undefined || NOT_PLAIN_HOST.test(host) ? null : host.toLowerCase();
}

/** The host of a web address as a browser reads it; null for anything but an http(s) url without a user name. */
function urlHostname(text: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text.replace(/^\/\//, '')}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  // "mailto:jane@acme.com" read as a url has "mailto" as user name: an address, not a site.
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return null;
  return url.hostname;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** E.164 ("+15125550147"), or null when the text is not a plausible phone number. */
export function normalizePhone(raw: string, defaultCountry?: CountryCode): string | null {
  const trimmed = raw.trim();
  if (trimmed === '' || !/\d/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

// Scraped text matches "logo@2x.png" and "bundle@1.2.js" as addresses; real top-level domains are not file types.
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'css', 'js', 'ico', 'bmp', 'tif', 'tiff', 'pdf']);
const EMAIL_SHAPE = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.([a-z][a-z0-9-]*)$/;

/** A contact address as stored: trimmed, lower case, without "mailto:"; null if not an address. */
export function normalizeLeadEmail(raw: string): string | null {
  const address = raw.trim().replace(/^mailto:/i, '');
  const query = address.indexOf('?');
  const trimmed = (query === -1 ? address : address.slice(0, query)).trim().toLowerCase();
  if (trimmed.length > 254) return null;
  const match = EMAIL_SHAPE.exec(trimmed);
  if (!match || trimmed.includes('..')) return null;
  const topLevel = match[2]!;
  if (topLevel.length < 2 || FILE_EXTENSIONS.has(topLevel)) return null;
  return trimmed;
}

/** The domain of an address: "jane@acme.com" → "acme.com". */
export function emailDomainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

// Dropped from the end of a name, so "Joe's Plumbing, Inc." and "Joes Plumbing" are one business.
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'l l c', 'ltd', 'limited', 'co', 'corp', 'corporation', 'company', 'plc', 'llp', 'lp',
  'gmbh', 'mbh', 'ag', 'kg', 'ug', 'ohg', 'e k', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'pty', 'pllc', 'pc',
]);
/** The last word of each legal form: a name ending in another word ends in none. */
const LEGAL_SUFFIX_ENDINGS = new Set([...LEGAL_SUFFIXES].map((suffix) => suffix.split(' ').at(-1)));

/** A business name for matching: folded, "&" as "and", a leading "the" and trailing legal forms dropped. */
export function normalizeBusinessName(name: string): string {
  const folded = foldText(name.replace(/&/g, ' and '));
  // Folded text is words with one space between them. Most names neither start with "the" nor end in
  // a legal form (which the last word alone tells): then the folded name is the answer.
  if (!folded.startsWith('the ') && !LEGAL_SUFFIX_ENDINGS.has(folded.slice(folded.lastIndexOf(' ') + 1))) return folded;
  const tokens = folded.split(' ').filter(Boolean);
  if (tokens[0] === 'the' && tokens.length > 1) tokens.shift();
  // Spelled-out forms such as "L.L.C." fold to several one-letter tokens.
  for (let dropped = true; dropped; ) {
    dropped = false;
    for (const size of [3, 2, 1]) {
      if (tokens.length > size && LEGAL_SUFFIXES.has(tokens.slice(-size).join(' '))) {
        tokens.splice(-size);
        dropped = true;
        break;
      }
    }
  }
  return tokens.join(' ');
}

const POSTAL_CODE_PATTERNS = [
  /\b([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/i, // UK
  /\b([A-Z]\d[A-Z] ?\d[A-Z]\d)\b/i, // Canada
];

/** The postal code in an address, when one can be told apart from a street number. */
export function postalCodeFrom(address: string): string | null {
  for (const pattern of POSTAL_CODE_PATTERNS) {
    const match = pattern.exec(address);
    if (match) return match[1]!.replace(/\s+/g, '').toLowerCase();
  }
  // Five digits (US ZIP, DE, FR) after something else: a leading number is the street number.
  const matches = [...address.matchAll(/(?<=\D)\b(\d{5})(?:-\d{4})?\b/g)];
  const last = matches.at(-1);
  return last ? last[1]! : null;
}

export interface NameLocation {
  name: string;
  city?: string | null;
  region?: string | null;
  country?: string | null;
  address?: string | null;
}

/**
 * "name|city|country": one business per name per place. Null without a city (or a postal code in the
 * address), because a name alone is shared by businesses in different towns.
 */
export function nameLocationKey(input: NameLocation): string | null {
  const name = normalizeBusinessName(input.name);
  if (name === '') return null;
  const city = input.city ? foldText(input.city) : '';
  const place = city !== '' ? city : input.address ? postalCodeFrom(input.address) : null;
  if (!place) return null;
  const country = countryCode(input.country)?.toLowerCase() ?? (input.country ? foldText(input.country) : '');
  return `${name}|${place}|${country}`;
}

export interface LeadKeys {
  nameKey: string | null;
  domain: string | null;
  phone: string | null;
  emails: string[];
}

/** Every value that identifies the business a candidate describes; any one shared means the same lead. */
export function leadKeys(candidate: LeadCandidate): LeadKeys {
  const country = countryCode(candidate.country) ?? undefined;
  const emails = new Set<string>();
  for (const contact of candidate.contacts ?? []) {
    const email = contact.email ? normalizeLeadEmail(contact.email) : null;
    if (email) emails.add(email);
  }
  return {
    nameKey: nameLocationKey(candidate),
    domain: candidate.website ? normalizeDomain(candidate.website) : null,
    // Sources hand over E.164 they already validated; parsing it again would double an import's cost.
    phone: candidate.phone ? (E164.test(candidate.phone) ? candidate.phone : normalizePhone(candidate.phone, country)) : null,
    emails: [...emails],
  };
}
