import { extractPage, mergeExtractions, pickContactPages, robotsAllows, SCRAPER_USER_AGENT, type PageExtraction } from '@switchboard/core/discovery';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CATEGORIES } from './catalog.ts';
import { planWorld } from './generate.ts';
import { startSandboxWorld, type SandboxSite, type SandboxWorld } from './index.ts';

const SLOW_PAGE_MS = 300;
const AGENT = SCRAPER_USER_AGENT('test', 'https://switchboard.test/bot');
let world: SandboxWorld;

beforeAll(async () => {
  world = await startSandboxWorld({ failures: { slowPageMs: SLOW_PAGE_MS } });
});
afterAll(() => world.close());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET to the world with the site's Host header (Node cannot resolve *.localhost; Chromium can). */
function get(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port: world.port, path: `${target.pathname}${target.search}`, method: init.method ?? 'GET', headers: { host: target.host, 'user-agent': AGENT, ...init.headers } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

const siteWith = (predicate: (site: SandboxSite) => boolean) => {
  const site = world.sites.find(predicate);
  if (!site) throw new Error('the world has no such site');
  return site;
};

describe('the sandbox world’s shape', () => {
  it('is the same world for the same seed and a different one for another seed', () => {
    const again = planWorld(4);
    expect(again.businesses).toEqual(world.businesses);
    expect(again.sites.map((site) => [site.slug, site.outcome, site.emailStyle, site.expected])).toEqual(world.sites.map((site) => [site.slug, site.outcome, site.emailStyle, site.expected]));
    expect(planWorld(5).businesses.map((business) => business.name)).not.toEqual(world.businesses.map((business) => business.name));
  });

  it('has about fifty sites in several cities and trades, with a fixed mix of failures', () => {
    expect(world.sites).toHaveLength(48);
    expect(world.businesses).toHaveLength(52);
    const outcomes: Record<string, number> = {};
    for (const site of world.sites) outcomes[site.outcome] = (outcomes[site.outcome] ?? 0) + 1;
    expect(outcomes).toEqual({
      ok: 38,
      not_found: 2,
      server_error: 2,
      timeout: 2,
      robots_disallowed: 2,
      tls: 1,
      unreachable: 1,
    });
    expect(new Set(world.businesses.map((business) => business.city))).toEqual(new Set(['Austin', 'Denver', 'Portland', 'Berlin']));
    expect(new Set(world.businesses.map((business) => business.category))).toEqual(new Set(SANDBOX_CATEGORIES));
    expect(new Set(world.sites.filter((site) => site.outcome === 'ok').map((site) => site.emailStyle)).size).toBe(11);
    for (const quirk of ['redirect_home', 'slow_subpage', 'team_disallowed', 'crawl_delay', 'no_robots_txt', 'listing_utm'] as const) {
      expect(world.sites.some((site) => site.quirks.includes(quirk))).toBe(true);
    }
  });

  it('lists many businesses in both search and Places, with the phone written differently', () => {
    const both = world.businesses.filter((business) => business.inSearch && business.placeId !== null);
    expect(both.length).toBeGreaterThanOrEqual(15);
    expect(world.businesses.some((business) => business.inSearch && business.placeId === null)).toBe(true);
    expect(world.businesses.some((business) => !business.inSearch && business.placeId !== null)).toBe(true);
    expect(world.businesses.some((business) => business.siteSlug === null)).toBe(true);
    expect(world.businesses.every((business) => business.inSearch || business.placeId !== null)).toBe(true);
  });

  it('matches queries by trade and city', () => {
    const austinPlumbers = world.matchBusinesses('plumber in Austin');
    expect(austinPlumbers).toHaveLength(4);
    expect(austinPlumbers.every((business) => business.city === 'Austin' && business.category === 'plumber')).toBe(true);
    expect(world.matchBusinesses('Austin, TX dentists').every((business) => business.category === 'dentist')).toBe(true);
    expect(world.matchBusinesses('bakeries')).toHaveLength(14);
    expect(world.matchBusinesses('plumber in Boston')).toEqual([]);
    expect(world.matchBusinesses('best pizza')).toEqual([]);
  });
});

describe('the sandbox world’s websites', () => {
  it('serves sites by Host header and redirects www. to the bare host', async () => {
    const site = siteWith((candidate) => candidate.outcome === 'ok' && !candidate.quirks.includes('redirect_home'));
    const home = await get(site.url);
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(await get(`${site.url.replace('://', '://www.')}contact?ref=1`)).toMatchObject({ status: 301, headers: { location: `${site.url}contact?ref=1` } });
    expect((await get(`${site.url.replace('://', '://www.')}robots.txt`)).status).toBe(200);
    expect((await get(`http://nobody.sandbox.localhost:${world.port}/`)).status).toBe(404);
    expect((await get(new URL('/no-such-page', site.url).toString())).status).toBe(404);
  });

  it('answers 404 for a dead site and 500 for a broken one', async () => {
    const dead = siteWith((site) => site.outcome === 'not_found');
    expect((await get(dead.url)).status).toBe(404);
    const broken = siteWith((site) => site.outcome === 'server_error');
    expect(await get(broken.url)).toMatchObject({ status: 500, body: expect.stringContaining('Error establishing a database connection') });
  });

  it('holds slow pages back for the configured time', async () => {
    const slow = siteWith((site) => site.outcome === 'timeout');
    const started = performance.now();
    expect((await get(slow.url)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_PAGE_MS - 5);
  });

  it('redirects a home page and disallows crawlers in robots.txt', async () => {
    const redirecting = siteWith((site) => site.quirks.includes('redirect_home'));
    expect(await get(redirecting.url)).toMatchObject({ status: 301, headers: { location: '/home/' } });
    for (const site of world.sites.filter((candidate) => candidate.outcome === 'robots_disallowed')) {
      const robots = await get(new URL('/robots.txt', site.url).toString());
      expect(robots.status).toBe(200);
      expect(robotsAllows(robots.body, site.url, AGENT)).toBe(false);
    }
    const teamHidden = siteWith((site) => site.quirks.includes('team_disallowed'));
    const robots = (await get(new URL('/robots.txt', teamHidden.url).toString())).body;
    expect(robotsAllows(robots, teamHidden.url, AGENT)).toBe(true);
    expect(robotsAllows(robots, new URL(teamHidden.paths.team!, teamHidden.url).toString(), AGENT)).toBe(false);
  });

  it('logs every request with the visitor’s user agent', async () => {
    const site = siteWith((candidate) => candidate.outcome === 'ok');
    await get(new URL('/robots.txt', site.url).toString());
    expect(world.siteRequests(site.host).at(-1)).toMatchObject({ host: site.host, path: '/robots.txt', userAgent: AGENT });
  });

  it('hides on each healthy site exactly what its ground truth says a scraper can find', async () => {
    for (const site of world.sites.filter((candidate) => candidate.outcome === 'ok')) {
      const pages = await crawlWithoutBrowser(site);
      const found = mergeExtractions(pages);
      const expectedEmails = site.emailStyle === 'script' ? site.expected.emails.filter((email) => email !== site.email) : site.expected.emails;
      expect({ slug: site.slug, emails: found.emails.map((email) => email.email).sort() }).toEqual({ slug: site.slug, emails: expectedEmails });
      expect({ slug: site.slug, phones: [...found.phones].sort() }).toEqual({ slug: site.slug, phones: site.expected.phones });
      expect({ slug: site.slug, social: [...found.socialLinks].sort() }).toEqual({ slug: site.slug, social: site.expected.socialLinks });
      expect({ slug: site.slug, form: found.hasContactForm }).toEqual({ slug: site.slug, form: site.expected.hasContactForm });
      if (site.paths.team && !site.quirks.includes('team_disallowed')) {
        expect(found.emails.filter((email) => email.name !== null).map((email) => email.email).sort()).toEqual(site.people.map((person) => person.email).sort());
      }
    }
  });
});

/** Home page plus contact pages over plain HTTP, following robots.txt: everything but JavaScript. */
async function crawlWithoutBrowser(site: SandboxSite): Promise<{ url: string; extraction: PageExtraction }[]> {
  const robots = await get(new URL('/robots.txt', site.url).toString());
  const robotsTxt = robots.status === 200 ? robots.body : null;
  let homeUrl = site.url;
  let home = await get(homeUrl);
  if (home.status === 301) {
    homeUrl = new URL(String(home.headers.location), homeUrl).toString();
    home = await get(homeUrl);
  }
  const pages = [{ url: homeUrl, extraction: extractPage(home.body, homeUrl) }];
  for (const url of pickContactPages(pages[0]!.extraction.links, homeUrl, 3)) {
    if (!robotsAllows(robotsTxt, url, AGENT)) continue;
    const page = await get(url);
    if (page.status === 200) pages.push({ url, extraction: extractPage(page.body, url) });
  }
  return pages;
}

describe('the sandbox world’s APIs', () => {
  it('answers Google’s error JSON for a missing key and a wrong engine id', async () => {
    const missing = await get(`${world.searchBaseUrl}/customsearch/v1?cx=${world.engineId}&q=plumber`);
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED', errors: [{ domain: 'global', reason: 'forbidden' }] } });
    const wrongEngine = await get(`${world.searchBaseUrl}/customsearch/v1?key=${world.apiKey}&cx=other&q=plumber`);
    expect(JSON.parse(wrongEngine.body)).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    const beyondHundred = await get(`${world.searchBaseUrl}/customsearch/v1?key=${world.apiKey}&cx=${world.engineId}&q=plumber&start=95`);
    expect(beyondHundred.status).toBe(400);
  });

  it('requires a field mask and rejects unknown fields and foreign page tokens', async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      get(`${world.placesBaseUrl}/v1/places:searchText`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': world.apiKey, ...headers }, body: JSON.stringify(body) });
    const noMask = await post({}, { textQuery: 'plumber' });
    expect(noMask.status).toBe(400);
    expect(JSON.parse(noMask.body).error.message).toMatch(/FieldMask is a required parameter/);
    expect((await post({ 'x-goog-fieldmask': 'places.secretField' }, { textQuery: 'plumber' })).status).toBe(400);
    const first = JSON.parse((await post({ 'x-goog-fieldmask': 'places.id,nextPageToken' }, { textQuery: 'plumber', pageSize: 2 })).body) as { places: { id: string }[]; nextPageToken: string };
    expect(Object.keys(first.places[0]!)).toEqual(['id']);
    expect((await post({ 'x-goog-fieldmask': 'places.id' }, { textQuery: 'dentist', pageToken: first.nextPageToken })).status).toBe(400);
    const withoutTokenField = JSON.parse((await post({ 'x-goog-fieldmask': 'places.id' }, { textQuery: 'plumber', pageSize: 2 })).body) as Record<string, unknown>;
    expect(withoutTokenField.nextPageToken).toBeUndefined();
  });

  it('answers an unknown API path with 404 JSON', async () => {
    expect((await get(`${world.baseUrl}/v2/whatever`)).status).toBe(404);
  });
});

describe('contact form submissions', () => {
  it('keeps a complete submission, refuses an incomplete one or a filled honeypot, and lists them on a page labelled sandbox', async () => {
    const site = siteWith((candidate) => candidate.outcome === 'ok' && candidate.contactForm);
    const post = (fields: Record<string, string>) =>
      get(new URL('/contact-submit', site.url).toString(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const before = world.formSubmissions(site.host).length;
    expect((await post({ name: 'Ann', email: 'ann@agency.example', message: '' })).status).toBe(422);
    expect((await post({ name: 'Bot', email: 'bot@spam.example', message: 'buy', website: 'http://spam.example' })).status).toBe(422);
    const accepted = await post({ name: 'Ann Lee', email: 'ann@agency.example', message: 'Hello <there>' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatch(/Thank you|Vielen Dank/);
    expect(world.formSubmissions(site.host).slice(before).map((submission) => submission.fields)).toEqual([{ name: 'Ann Lee', email: 'ann@agency.example', message: 'Hello <there>' }]);
    const page = await get(`${world.baseUrl}/sandbox/form-submissions`);
    expect(page.body).toContain('<strong>Sandbox</strong>');
    expect(page.body).toContain('Hello &lt;there&gt;');
    expect((await get(`http://localhost:${world.port}/sandbox/form-submissions`)).status).toBe(200);
    // A page on the web whose name was rebound to 127.0.0.1 sends its own host name: it reads nothing of what was submitted.
    const rebound = await get(`http://rebind.evil.example:${world.port}/sandbox/form-submissions`);
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('Ann Lee');
  });
});
