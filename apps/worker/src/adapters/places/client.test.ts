import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxWorld, type SandboxWorld } from '@switchboard/sandbox-world';
import { GoogleApiError, SearchQuotaExhausted } from '../search/google-errors.ts';
import { createPlacesClient, type PlaceResult } from './client.ts';

let world: SandboxWorld;

beforeAll(async () => {
  world = await startSandboxWorld({ failures: { placesRequestsPerDay: 40 } });
});
afterAll(() => world.close());

const client = (overrides: Partial<Parameters<typeof createPlacesClient>[0]> = {}) => createPlacesClient({ baseUrl: world.placesBaseUrl, apiKey: world.apiKey, ...overrides });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('Places client against the sandbox world', () => {
  it('returns the listed businesses with E.164 phones, location and website', async () => {
    const { places, nextPageToken } = await client().textSearch({ query: 'plumber in Austin' });
    const listed = world.matchBusinesses('plumber in Austin').filter((business) => business.placeId !== null);
    expect(nextPageToken).toBeNull();
    expect(places.map((place) => place.placeId)).toEqual(listed.map((business) => business.placeId));
    for (const [index, place] of places.entries()) {
      const business = listed[index]!;
      const site = world.sites.find((candidate) => candidate.businessId === business.id);
      expect(place).toEqual<PlaceResult>({
        placeId: business.placeId!,
        name: business.listingName,
        address: business.address,
        city: 'Austin',
        region: 'TX',
        country: 'US',
        lat: business.lat,
        lng: business.lng,
        phone: business.phone,
        website: site?.listingUrl ?? null,
        category: 'Plumber',
        rating: business.rating,
        reviewCount: business.reviewCount,
      });
    }
  });

  it('reads German listings', async () => {
    const { places } = await client().textSearch({ query: 'Bäckerei in Berlin' });
    expect(places.length).toBeGreaterThan(0);
    expect(places.every((place) => place.country === 'DE' && place.city === 'Berlin' && place.phone?.startsWith('+4930'))).toBe(true);
  });

  it('pages with the next page token until every listing was seen once', async () => {
    const paged = client({ pageSize: 5 });
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page: { places: PlaceResult[]; nextPageToken: string | null } = await paged.textSearch({ query: 'Austin', pageToken: token });
      seen.push(...page.places.map((place) => place.placeId));
      token = page.nextPageToken;
      pages += 1;
    } while (token);
    const listed = world.matchBusinesses('Austin').filter((business) => business.placeId !== null);
    expect(pages).toBe(Math.ceil(listed.length / 5));
    expect(seen).toEqual(listed.map((business) => business.placeId));
  });

  it('returns nothing for a query the world cannot answer', async () => {
    expect(await client().textSearch({ query: 'florist in Boston' })).toEqual({ places: [], nextPageToken: null });
  });

  it('classifies quota, rate, server and key failures', async () => {
    world.injectFailure('places', 'quota_day');
    expect(await failure(client().textSearch({ query: 'dentist Denver' }))).toBeInstanceOf(SearchQuotaExhausted);
    world.injectFailure('places', 'rate_limit_minute');
    expect(await failure(client().textSearch({ query: 'dentist Denver' }))).toMatchObject({ retryable: true, status: 429 });
    world.injectFailure('places', 'server_error');
    expect(await failure(client().textSearch({ query: 'dentist Denver' }))).toMatchObject({ retryable: true, status: 500, provider: 'google-places' });

    const badKey = await failure(client({ apiKey: 'AIzaSy-not-a-real-key' }).textSearch({ query: 'dentist Denver' }));
    expect(badKey).toBeInstanceOf(GoogleApiError);
    expect(badKey).toMatchObject({ retryable: false, status: 400, googleStatus: 'INVALID_ARGUMENT' });
    expect((badKey as Error).message).not.toContain('AIzaSy-not-a-real-key');
  });

  it('stops at the daily limit', async () => {
    let exhausted: unknown;
    for (let call = 0; call < 60 && !exhausted; call += 1) {
      exhausted = await client()
        .textSearch({ query: 'bakery Portland' })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
    }
    expect(exhausted).toBeInstanceOf(SearchQuotaExhausted);
    expect(world.usage('places')).toMatchObject({ used: 40, limit: 40 });
  });
});
