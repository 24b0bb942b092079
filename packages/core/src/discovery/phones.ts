import { findPhoneNumbersInText, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { CheerioAPI } from './dom.ts';

// Country names JSON-LD often carries instead of a code.
const COUNTRY_NAMES: Record<string, string> = {
  usa: 'US',
  'united states': 'US',
  'united states of america': 'US',
  canada: 'CA',
  'united kingdom': 'GB',
  uk: 'GB',
  england: 'GB',
  germany: 'DE',
  deutschland: 'DE',
  austria: 'AT',
  österreich: 'AT',
  switzerland: 'CH',
  schweiz: 'CH',
  france: 'FR',
  australia: 'AU',
  ireland: 'IE',
};

// Country-code top-level domains that are used as generic names, so say nothing about location.
const GENERIC_CCTLDS = new Set(['co', 'io', 'ai', 'tv', 'me', 'fm', 'ly', 'cc', 'ws', 'to', 'gg', 'sh', 'ac', 'app']);

/** An ISO country code libphonenumber knows, from "US", "de" or "United States". */
export function toCountryCode(raw: string | null | undefined): CountryCode | undefined {
  if (!raw) return undefined;
  const trimmed = raw.trim();
  const candidate = (COUNTRY_NAMES[trimmed.toLowerCase()] ?? trimmed).toUpperCase();
  const code = candidate === 'UK' ? 'GB' : candidate;
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code) ? code : undefined;
}

/**
 * The country a page's national-format numbers belong to: its JSON-LD address, the country-code
 * top-level domain, then the region of its language tag ("en-US") or og:locale ("de_DE").
 */
export function pageCountry($: CheerioAPI, pageUrl: string, structuredCountries: string[]): CountryCode | undefined {
  for (const country of structuredCountries) {
    const code = toCountryCode(country);
    if (code) return code;
  }
  const tld = safeHostname(pageUrl).split('.').at(-1) ?? '';
  if (tld.length === 2 && !GENERIC_CCTLDS.has(tld)) {
    const code = toCountryCode(tld);
    if (code) return code;
  }
  for (const tag of [$('html').attr('lang'), $('meta[property="og:locale"]').attr('content'), $('meta[http-equiv="content-language" i]').attr('content')]) {
    const region = /^[a-z]{2,3}[-_]([a-z]{2})\b/i.exec(tag?.trim() ?? '')?.[1];
    const code = toCountryCode(region);
    if (code) return code;
  }
  return undefined;
}

/**
 * Valid phone numbers as E.164, in order of appearance: tel: links and structured data first, then
 * running text. Without a country only international ("+49 …") numbers can be read.
 */
export function findPhones(sources: { telLinks: string[]; structured: string[]; text: string }, country: CountryCode | undefined): string[] {
  const found: string[] = [];
  for (const raw of [...sources.telLinks, ...sources.structured]) {
    const parsed = parsePhoneNumberFromString(raw.replace(/^tel:/i, '').trim(), country);
    if (parsed?.isValid()) found.push(parsed.number);
  }
  const inText = country ? findPhoneNumbersInText(sources.text, country) : findPhoneNumbersInText(sources.text);
  for (const match of inText) {
    if (match.number.isValid() && groupedLikeAPhone(sources.text.slice(match.startsAt, match.endsAt), match.number.countryCallingCode)) found.push(match.number.number);
  }
  return [...new Set(found)];
}

// North American numbers are written 3-3-4 (or unbroken); "2019-2024-88" in a warranty number is not one.
const NANP_GROUPINGS = new Set(['10', '3,7', '3,3,4']);

function groupedLikeAPhone(raw: string, callingCode: string): boolean {
  if (callingCode !== '1') return true;
  const groups = (raw.match(/\d+/g) ?? []).map((digits) => digits.length);
  // A leading country code ("+1", "1-") is not part of the grouping.
  if (groups[0] === 1 || (groups[0] === 11 && raw.trim().replace(/^\+/, '').startsWith('1'))) {
    if (groups[0] === 11) groups[0] = 10;
    else groups.shift();
  }
  return NANP_GROUPINGS.has(groups.join(','));
}

function safeHostname(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
