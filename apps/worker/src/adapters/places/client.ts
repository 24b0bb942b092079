import { normalizePhone } from '@switchboard/core';
import { toCountryCode } from '@switchboard/core/discovery';
import { z } from 'zod';
import { GoogleApiError, googleCallFailed, googleErrorFrom } from '../search/google-errors.ts';

export interface PlacesClientOptions {
  /** https://places.googleapis.com, or the sandbox world's base URL. */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Results per page, 1–20 (Google's maximum and default). */
  pageSize?: number;
  languageCode?: string;
  now?: () => Date;
}

export interface PlaceResult {
  placeId: string;
  name: string;
  address: string | null;
  city: string | null;
  region: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  lat: number | null;
  lng: number | null;
  /** E.164. */
  phone: string | null;
  website: string | null;
  category: string | null;
  rating: number | null;
  reviewCount: number | null;
}

export interface PlacesPage {
  places: PlaceResult[];
  nextPageToken: string | null;
}

export interface PlacesClient {
  textSearch(request: { query: string; pageToken?: string | null; signal?: AbortSignal }): Promise<PlacesPage>;
}

const PROVIDER = 'google-places';
const LABEL = 'Google Places';
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_PAGE_SIZE = 20;
// Places (New) bills by the fields asked for: only what a lead needs.
const FIELD_MASK = [
  'places.id',
  'places.displayName',
  'places.formattedAddress',
  'places.addressComponents',
  'places.location',
  'places.internationalPhoneNumber',
  'places.nationalPhoneNumber',
  'places.websiteUri',
  'places.primaryType',
  'places.primaryTypeDisplayName',
  'places.rating',
  'places.userRatingCount',
  'nextPageToken',
].join(',');

const ZLocalizedText = z.object({ text: z.string() });
const ZPlace = z.object({
  id: z.string(),
  displayName: ZLocalizedText.optional(),
  formattedAddress: z.string().optional(),
  addressComponents: z.array(z.object({ longText: z.string().optional(), shortText: z.string().optional(), types: z.array(z.string()).default([]) })).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  internationalPhoneNumber: z.string().optional(),
  nationalPhoneNumber: z.string().optional(),
  websiteUri: z.string().optional(),
  primaryType: z.string().optional(),
  primaryTypeDisplayName: ZLocalizedText.optional(),
  rating: z.number().optional(),
  userRatingCount: z.number().optional(),
});
const ZTextSearchResponse = z.object({ places: z.array(ZPlace).optional(), nextPageToken: z.string().optional() });
type ApiPlace = z.infer<typeof ZPlace>;

/** Places API (New) Text Search (POST /v1/places:searchText). Errors are typed; the key is never logged or quoted. */
export function createPlacesClient(options: PlacesClientOptions): PlacesClient {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, options.pageSize ?? MAX_PAGE_SIZE));
  const endpoint = `${options.baseUrl.replace(/\/+$/, '')}/v1/places:searchText`;

  return {
    async textSearch({ query, pageToken, signal }) {
      const requestSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      let response: Response;
      let body: string;
      try {
        response = await fetchImpl(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-goog-api-key': options.apiKey, 'x-goog-fieldmask': FIELD_MASK },
          body: JSON.stringify({ textQuery: query, pageSize, ...(options.languageCode ? { languageCode: options.languageCode } : {}), ...(pageToken ? { pageToken } : {}) }),
          signal: requestSignal,
        });
        body = await response.text();
      } catch (error) {
        throw googleCallFailed({ provider: PROVIDER, label: LABEL, error, timeoutMs, signal });
      }
      if (!response.ok) {
        throw googleErrorFrom({ provider: PROVIDER, label: LABEL, status: response.status, body, retryAfter: response.headers.get('retry-after'), now: now(), secrets: [options.apiKey] });
      }
      const parsed = ZTextSearchResponse.safeParse(safeJson(body));
      if (!parsed.success) throw new GoogleApiError(PROVIDER, `${LABEL} sent a response that is not a list of places`, { retryable: true, status: response.status });
      return { places: (parsed.data.places ?? []).map(toPlaceResult), nextPageToken: parsed.data.nextPageToken ?? null };
    },
  };
}

function toPlaceResult(place: ApiPlace): PlaceResult {
  const component = (...types: string[]) => place.addressComponents?.find((part) => types.some((type) => part.types.includes(type)));
  const country = component('country')?.shortText ?? null;
  const countryCode = toCountryCode(country);
  const phone =
    (place.internationalPhoneNumber ? normalizePhone(place.internationalPhoneNumber) : null) ??
    (place.nationalPhoneNumber && countryCode ? normalizePhone(place.nationalPhoneNumber, countryCode) : null);
  return {
    placeId: place.id,
    name: place.displayName?.text ?? '',
    address: place.formattedAddress ?? null,
    city: component('locality', 'postal_town', 'sublocality')?.longText ?? null,
    region: component('administrative_area_level_1')?.shortText ?? null,
    country,
    lat: place.location?.latitude ?? null,
    lng: place.location?.longitude ?? null,
    phone,
    website: place.websiteUri ?? null,
    category: place.primaryTypeDisplayName?.text ?? (place.primaryType ? humanise(place.primaryType) : null),
    rating: place.rating ?? null,
    reviewCount: place.userRatingCount ?? null,
  };
}

function humanise(type: string): string {
  const words = type.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
