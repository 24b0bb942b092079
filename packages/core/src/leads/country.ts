import { getCountries, type CountryCode } from 'libphonenumber-js';
import { foldText } from './text.ts';

// Names people write that Intl's English region names do not cover.
const COUNTRY_ALIASES: Record<string, CountryCode> = {
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  america: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  deutschland: 'DE',
  osterreich: 'AT',
  schweiz: 'CH',
  suisse: 'CH',
  espana: 'ES',
  italia: 'IT',
  nederland: 'NL',
  holland: 'NL',
};

let countryByName: Map<string, CountryCode> | undefined;
let knownCodes: Set<string> | undefined;
// Imports repeat a handful of spellings thousands of times; remember the answers.
const MAX_REMEMBERED = 1_000;
const remembered = new Map<string, CountryCode | null>();

function countryNames(): Map<string, CountryCode> {
  if (countryByName) return countryByName;
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  countryByName = new Map();
  for (const code of getCountries()) {
    const name = names.of(code);
    if (name) countryByName.set(foldText(name), code);
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) countryByName.set(alias, code);
  return countryByName;
}

/** An ISO 3166 alpha-2 code for "US", "us", "United States" or "Deutschland"; null when not recognised. */
export function countryCode(raw: string | null | undefined): CountryCode | null {
  if (!raw) return null;
  const known = remembered.get(raw);
  if (known !== undefined) return known;
  const code = readCountry(raw);
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(raw, code);
  return code;
}

function readCountry(raw: string): CountryCode | null {
  const folded = foldText(raw);
  if (folded === '') return null;
  const byName = countryNames().get(folded);
  if (byName) return byName;
  knownCodes ??= new Set(getCountries());
  const code = folded.toUpperCase();
  return /^[A-Z]{2}$/.test(code) && knownCodes.has(code) ? (code as CountryCode) : null;
}
