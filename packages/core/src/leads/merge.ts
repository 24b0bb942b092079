import type { LeadCandidate, LeadSourceKind } from './candidate.ts';
import { countryCode } from './country.ts';
import { cleanText } from './text.ts';

/** The descriptive fields of a stored lead that sources fill in (keys and status live elsewhere). */
export interface LeadFields {
  name: string;
  website: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  lat: number | null;
  lng: number | null;
  phone: string | null;
  category: string | null;
  rating: number | null;
  reviewCount: number | null;
  description: string | null;
  socialLinks: string[];
  hasContactForm: boolean | null;
  websiteReachable: boolean | null;
}

export type LeadFieldName = keyof LeadFields;

/** What a source says about a lead, in stored form (phone already E.164, keys owned elsewhere removed). */
export type LeadFieldUpdate = Partial<{ [K in LeadFieldName]: LeadFields[K] | null | undefined }>;

/** At most this many social links are kept per lead; beyond that they are noise. */
export const MAX_SOCIAL_LINKS = 20;

// A site visit is the freshest word on the site itself (and its clean address beats a listing's
// tracking link); a listing is the freshest word on its rating.
const REFRESHED_BY: Partial<Record<LeadSourceKind, readonly LeadFieldName[]>> = {
  website: ['website', 'websiteReachable', 'hasContactForm', 'description'],
  places: ['rating', 'reviewCount'],
};

function isKnown(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'number') return Number.isFinite(value);
  return true;
}

/**
 * What a lead keeps when a source reports on it again: blanks are filled, known values stay, except
 * the few a source is the authority on (a website visit refreshes the address, reachability, contact
 * form and description; a listing refreshes rating and review count). A known value never becomes blank.
 * `current` is never changed: `fields` is a new object when anything changed, else `current` itself.
 */
export function mergeLeadFields(
  current: LeadFields,
  incoming: LeadFieldUpdate,
  sourceKind: LeadSourceKind,
): { fields: LeadFields; changed: LeadFieldName[] } {
  // Most reports change nothing (a row seen again): the lead is copied only once something changes.
  let fields: LeadFields | null = null;
  const own = (): LeadFields => (fields ??= { ...current, socialLinks: [...current.socialLinks] });
  const changed: LeadFieldName[] = [];
  const refreshable = REFRESHED_BY[sourceKind] ?? [];
  for (const name in incoming) {
    if (name === 'socialLinks' || !Object.hasOwn(incoming, name)) continue;
    const value = incoming[name as LeadFieldName];
    if (!isKnown(value)) continue;
    const existing = (fields ?? current)[name as LeadFieldName];
    if (!isKnown(existing) || (refreshable.includes(name as LeadFieldName) && existing !== value)) {
      (own() as unknown as Record<string, unknown>)[name] = value;
      changed.push(name as LeadFieldName);
    }
  }
  const links = incoming.socialLinks ?? [];
  for (const link of links) {
    const held = (fields ?? current).socialLinks;
    if (held.length >= MAX_SOCIAL_LINKS) break;
    if (isKnown(link) && !held.includes(link)) {
      own().socialLinks.push(link);
      if (!changed.includes('socialLinks')) changed.push('socialLinks');
    }
  }
  return { fields: fields ?? current, changed };
}

// A source's impossible number (a latitude of 95, a rating of 7) is dropped rather than stored.
function within(value: number | null | undefined, min: number, max: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : null;
}

/** A candidate's fields in stored form: text trimmed, blanks as null. `phone` is the caller's E.164. */
export function candidateFields(candidate: LeadCandidate, phone: string | null): LeadFields {
  return {
    name: cleanText(candidate.name) ?? '',
    website: cleanText(candidate.website),
    address: cleanText(candidate.address),
    city: cleanText(candidate.city),
    region: cleanText(candidate.region),
    country: countryCode(candidate.country) ?? cleanText(candidate.country),
    lat: within(candidate.lat, -90, 90),
    lng: within(candidate.lng, -180, 180),
    phone,
    category: cleanText(candidate.category),
    // Stored with one decimal, so compare with one decimal: otherwise every refresh looks like a change.
    rating: within(candidate.rating === null || candidate.rating === undefined ? null : Math.round(candidate.rating * 10) / 10, 0, 5),
    reviewCount: within(candidate.reviewCount === null || candidate.reviewCount === undefined ? null : Math.round(candidate.reviewCount), 0, Number.MAX_SAFE_INTEGER),
    description: cleanText(candidate.description),
    socialLinks: [...new Set((candidate.socialLinks ?? []).map((link) => link.trim()).filter(Boolean))].slice(0, MAX_SOCIAL_LINKS),
    hasContactForm: candidate.hasContactForm ?? null,
    websiteReachable: candidate.websiteReachable ?? null,
  };
}
