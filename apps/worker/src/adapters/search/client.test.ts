import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxWorld, type SandboxWorld } from '@switchboard/sandbox-world';
import { createSearchClient } from './client.ts';
import { GoogleApiError, SearchQuotaExhausted } from './google-errors.ts';

let world: SandboxWorld;
let clock = new Date('2026-03-10T18:00:00Z');

beforeAll(async () => {
  world = await startSandboxWorld({ failures: { searchQueriesPerDay: 12 }, apiKeys: ['AIzaSy-test-key-0123456789'], clock: () => clock });
});
afterAll(() => world.close());

const client = (overrides: Partial<Parameters<typeof createSearchClient>[0]> = {}) =>
  createSearchClient({ baseUrl: world.searchBaseUrl, apiKey: world.apiKey, engineId: world.engineId, now: () => clock, ...overrides });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('Custom Search client against the sandbox world', () => {
  it('returns the sites and directory pages a query finds', async () => {
    const page = await client().search({ query: 'plumber in Austin' });
    const expectedSites = world
      .matchBusinesses('plumber in Austin')
      .filter((business) => business.inSearch)
      .map((business) => world.sites.find((site) => site.businessId === business.id)?.searchUrl ?? `https://www.facebook.com/${business.id}/`);
    expect(page.items.map((item) => item.url).filter((url) => !/yelp|yellowpages/.test(url))).toEqual(expectedSites);
    expect(page.items.filter((item) => /yelp\.com|yellowpages\.com/.test(item.url))).toHaveLength(2);
    expect(page.items.every((item) => item.title.length > 0 && item.snippet.length > 0)).toBe(true);
    expect(page.nextStart).toBeNull();
    expect(page.totalResults).toBe(page.items.length);
  });

  it('pages through results ten at a time', async () => {
    const first = await client().search({ query: 'plumbers', start: 1 });
    expect(first.items).toHaveLength(10);
    expect(first.nextStart).toBe(11);
    const second = await client().search({ query: 'plumbers', start: first.nextStart! });
    expect(second.nextStart).toBeNull();
    expect(first.items.length + second.items.length).toBe(first.totalResults);
    const urls = [...first.items, ...second.items].map((item) => item.url);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('returns no items for a place the world does not have', async () => {
    expect(await client().search({ query: 'plumber in Boston' })).toEqual({ items: [], nextStart: null, totalResults: 0 });
  });

  it('reports the daily quota as exhausted until the next Pacific midnight, then works again', async () => {
    let exhausted: unknown;
    for (let call = 0; call < 20 && !exhausted; call += 1) {
      exhausted = await client()
        .search({ query: 'dentist in Denver' })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
    }
    expect(exhausted).toBeInstanceOf(SearchQuotaExhausted);
    expect((exhausted as SearchQuotaExhausted).resetsAt.toISOString()).toBe('2026-03-11T07:00:00.000Z');
    expect((exhausted as SearchQuotaExhausted).retryAfterSeconds).toBe(13 * 3600);
    expect(world.usage('search')).toMatchObject({ day: '2026-03-10', used: 12, limit: 12 });

    clock = new Date('2026-03-11T07:00:01Z');
    await expect(client().search({ query: 'dentist in Denver' })).resolves.toMatchObject({ nextStart: null });
  });

  it('treats a daily-quota 429 as exhausted and a per-minute 429 as retryable', async () => {
    world.injectFailure('search', 'quota_day');
    expect(await failure(client().search({ query: 'bakery Portland' }))).toBeInstanceOf(SearchQuotaExhausted);

    world.injectFailure('search', 'rate_limit_minute');
    const perMinute = await failure(client().search({ query: 'bakery Portland' }));
    expect(perMinute).toBeInstanceOf(GoogleApiError);
    expect(perMinute).toMatchObject({ retryable: true, status: 429, googleStatus: 'RESOURCE_EXHAUSTED', retryAfterSeconds: 30 });
  });

  it('retries 500 and 503 but not a bad key or engine id', async () => {
    world.injectFailure('search', 'server_error');
    expect(await failure(client().search({ query: 'electrician Denver' }))).toMatchObject({ retryable: true, status: 500, googleStatus: 'INTERNAL' });
    world.injectFailure('search', 'unavailable');
    expect(await failure(client().search({ query: 'electrician Denver' }))).toMatchObject({ retryable: true, status: 503 });

    const secret = 'AIzaSy-wrong-key-9876543210';
    const badKey = await failure(client({ apiKey: secret }).search({ query: 'electrician Denver' }));
    expect(badKey).toBeInstanceOf(GoogleApiError);
    expect(badKey).toMatchObject({ retryable: false, status: 400, provider: 'google-search' });
    expect((badKey as Error).message).toContain('API key not valid');
    expect((badKey as Error).message).not.toContain(secret);

    expect(await failure(client({ engineId: 'someone-elses-engine' }).search({ query: 'electrician Denver' }))).toMatchObject({ retryable: false, status: 400 });
    expect(await failure(client({ apiKey: '' }).search({ query: 'electrician Denver' }))).toMatchObject({ retryable: false, status: 403, googleStatus: 'PERMISSION_DENIED' });
  });

  it('accepts a second configured key', async () => {
    await expect(client({ apiKey: 'AIzaSy-test-key-0123456789' }).search({ query: 'electrician Denver' })).resolves.toBeTruthy();
  });
});

describe('Custom Search client when Google does not answer', () => {
  let silent: Server;
  let silentUrl: string;

  beforeAll(async () => {
    // Accepts the request and never answers, like a provider stuck behind a load balancer.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('times out as a retryable failure without quoting the key', async () => {
    const error = await failure(createSearchClient({ baseUrl: silentUrl, apiKey: 'AIzaSy-secret', engineId: 'cx', timeoutMs: 150 }).search({ query: 'plumber' }));
    expect(error).toMatchObject({ retryable: true, status: null, message: 'Google Custom Search did not answer within 150 ms' });
    expect(JSON.stringify(error)).not.toContain('AIzaSy-secret');
  });

  it('reports an unreachable host as retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(createSearchClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k', engineId: 'cx' }).search({ query: 'plumber' }));
    expect(error).toMatchObject({ retryable: true, status: null, message: 'Google Custom Search could not be reached' });
  });

  it('passes the caller’s cancellation through untouched', async () => {
    const controller = new AbortController();
    const pending = failure(createSearchClient({ baseUrl: silentUrl, apiKey: 'k', engineId: 'cx' }).search({ query: 'plumber', signal: controller.signal }));
    controller.abort(new Error('run paused'));
    expect(await pending).toMatchObject({ message: 'run paused' });
  });
});
