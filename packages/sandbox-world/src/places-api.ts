import { CATEGORIES } from './catalog.ts';
import type { SandboxBusiness } from './generate.ts';
import { badKey, dailyQuotaExceeded, injectedError, invalidArgument, missingKey, type GoogleErrorResponse } from './google-errors.ts';
import { matchBusinesses } from './query-match.ts';
import { formatPhone } from './site-pages.ts';
import type { WorldState } from './state.ts';

const MAX_PAGE_SIZE = 20;
// Text Search (New) stops after three pages.
const MAX_RESULTS = 60;
const PLACE_FIELDS = new Set([
  'name',
  'id',
  'displayName',
  'formattedAddress',
  'shortFormattedAddress',
  'addressComponents',
  'location',
  'internationalPhoneNumber',
  'nationalPhoneNumber',
  'websiteUri',
  'primaryType',
  'primaryTypeDisplayName',
  'types',
  'rating',
  'userRatingCount',
  'businessStatus',
  'googleMapsUri',
]);
const REGION_NAMES: Record<string, string> = { TX: 'Texas', CO: 'Colorado', OR: 'Oregon', Berlin: 'Berlin' };
const COUNTRY_NAMES: Record<string, string> = { US: 'United States', DE: 'Germany' };

/** Places API (New) Text Search: POST /v1/places:searchText with X-Goog-Api-Key and X-Goog-FieldMask. */
export function handlePlacesTextSearch(world: WorldState, headers: Record<string, string | string[] | undefined>, url: URL, rawBody: string): GoogleErrorResponse | { status: 200; body: unknown } {
  const key = header(headers, 'x-goog-api-key') ?? url.searchParams.get('key');
  if (!key) return missingKey('places');
  if (!world.apiKeys.has(key)) return badKey('places');
  const fieldMask = header(headers, 'x-goog-fieldmask') ?? url.searchParams.get('fields');
  if (!fieldMask) {
    return invalidArgument(
      'places',
      "FieldMask is a required parameter. See https://cloud.google.com/apis/docs/system-parameters on how to provide it. As an example, you can set the header 'X-Goog-FieldMask' to value 'places.displayName', 'places.id' to ask for the display name and the ID of a place. You can also set the value to '*' in manual testing to get all the available response fields.",
    );
  }
  const mask = readFieldMask(fieldMask);
  if ('error' in mask) return invalidArgument('places', mask.error);
  let body: { textQuery?: unknown; pageSize?: unknown; maxResultCount?: unknown; pageToken?: unknown };
  try {
    body = JSON.parse(rawBody || '{}') as typeof body;
  } catch {
    return invalidArgument('places', 'Invalid JSON payload received.');
  }
  const query = typeof body.textQuery === 'string' ? body.textQuery.trim() : '';
  if (query === '') return invalidArgument('places', 'Empty text_query.');
  const pageSize = Number(body.pageSize ?? body.maxResultCount ?? MAX_PAGE_SIZE);
  if (!Number.isInteger(pageSize) || pageSize < 1) return invalidArgument('places');
  let offset = 0;
  if (body.pageToken !== undefined && body.pageToken !== '') {
    const token = readPageToken(body.pageToken, query);
    if (token === null) return invalidArgument('places', 'Invalid page token.');
    offset = token;
  }
  const injected = world.nextInjected('places');
  if (injected) return injectedError('places', injected, world.dailyLimits.places);
  if (!world.takeQuota('places')) return dailyQuotaExceeded('places', world.dailyLimits.places);

  const listed = matchBusinesses(world.businesses, query)
    .filter((business) => business.placeId !== null)
    .slice(0, MAX_RESULTS);
  const size = Math.min(pageSize, MAX_PAGE_SIZE);
  const page = listed.slice(offset, offset + size);
  const next = offset + size < listed.length ? Buffer.from(JSON.stringify({ q: query, o: offset + size })).toString('base64url') : null;
  const places = page.map((business) => pick(placeOf(world, business), mask.places));
  // An empty result is an empty object, as Google sends it.
  return {
    status: 200,
    body: {
      ...(places.length > 0 && mask.places.size > 0 ? { places } : {}),
      ...(next && mask.nextPageToken ? { nextPageToken: next } : {}),
    },
  };
}

function placeOf(world: WorldState, business: SandboxBusiness): Record<string, unknown> {
  const site = business.siteSlug ? world.sitesBySlug.get(business.siteSlug) : undefined;
  const info = CATEGORIES[business.category];
  const [number, route] = business.country === 'DE' ? splitGermanStreet(business.street) : splitUsStreet(business.street);
  const component = (longText: string, shortText: string, types: string[]) => ({ longText, shortText, types, languageCode: business.country === 'DE' ? 'de' : 'en' });
  return {
    name: `places/${business.placeId}`,
    id: business.placeId,
    displayName: { text: business.listingName, languageCode: business.country === 'DE' ? 'de' : 'en' },
    formattedAddress: business.address,
    shortFormattedAddress: `${business.street}, ${business.city}`,
    addressComponents: [
      component(number, number, ['street_number']),
      component(route, route, ['route']),
      component(business.city, business.city, ['locality', 'political']),
      component(REGION_NAMES[business.region] ?? business.region, business.region, ['administrative_area_level_1', 'political']),
      component(COUNTRY_NAMES[business.country]!, business.country, ['country', 'political']),
      component(business.postalCode, business.postalCode, ['postal_code']),
    ],
    location: { latitude: business.lat, longitude: business.lng },
    internationalPhoneNumber: internationalFormat(business.phone),
    nationalPhoneNumber: formatPhone(business.phone, business.country === 'DE' ? 'german' : 'parens'),
    ...(site?.listingUrl ? { websiteUri: site.listingUrl } : {}),
    primaryType: info.placesType,
    primaryTypeDisplayName: { text: info.label, languageCode: 'en' },
    types: [info.placesType, 'point_of_interest', 'establishment'],
    ...(business.rating !== null ? { rating: business.rating, userRatingCount: business.reviewCount } : {}),
    businessStatus: 'OPERATIONAL',
    googleMapsUri: `https://maps.google.com/?cid=${parseInt(business.placeId!.slice(4, 12), 36)}`,
  };
}

/** "+1 512-555-0147" / "+49 30 61234567", as Places formats them. */
function internationalFormat(e164: string): string {
  if (e164.startsWith('+49')) return `+49 ${e164.slice(3, 5)} ${e164.slice(5)}`;
  return `+1 ${e164.slice(2, 5)}-${e164.slice(5, 8)}-${e164.slice(8)}`;
}

function readFieldMask(raw: string): { places: Set<string>; nextPageToken: boolean } | { error: string } {
  const places = new Set<string>();
  let nextPageToken = false;
  for (const path of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
    if (path === '*') return { places: new Set(PLACE_FIELDS), nextPageToken: true };
    if (path === 'nextPageToken') {
      nextPageToken = true;
      continue;
    }
    const field = /^places\.([A-Za-z]+)/.exec(path)?.[1];
    if (path === 'places' || path === 'places.*') {
      for (const known of PLACE_FIELDS) places.add(known);
    } else if (field && PLACE_FIELDS.has(field)) {
      places.add(field);
    } else {
      return { error: `Error expanding 'fields' parameter. Cannot find matching fields for path '${path}'.` };
    }
  }
  return { places, nextPageToken };
}

function readPageToken(raw: unknown, query: string): number | null {
  if (typeof raw !== 'string') return null;
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { q?: unknown; o?: unknown };
    // Google rejects a token used with a different request.
    return token.q === query && typeof token.o === 'number' && token.o > 0 ? token.o : null;
  } catch {
    return null;
  }
}

function pick(place: Record<string, unknown>, fields: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(place).filter(([field]) => fields.has(field)));
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function splitUsStreet(street: string): [string, string] {
  const match = /^(\d+)\s+(.*)$/.exec(street);
  return match ? [match[1]!, match[2]!] : ['', street];
}

function splitGermanStreet(street: string): [string, string] {
  const match = /^(.*)\s+(\d+\w?)$/.exec(street);
  return match ? [match[2]!, match[1]!] : ['', street];
}
