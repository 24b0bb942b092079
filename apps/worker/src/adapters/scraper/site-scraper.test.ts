import { SCRAPER_USER_AGENT } from '@switchboard/core/discovery';
import { createLogger } from '@switchboard/core/logging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxWorld, type SandboxSite, type SandboxWorld } from '@switchboard/sandbox-world';
import { createSiteScraper, type SiteScraper } from './site-scraper.ts';
import type { SiteScrapeResult } from './types.ts';

const USER_AGENT = SCRAPER_USER_AGENT('test', 'https://switchboard.test/bot');
const DOMAIN_DELAY_MS = 60;
// Generous: on two busy cores a healthy page can take over a second; only the slow pages (3×) must time out.
const PAGE_TIMEOUT_MS = 3_000;
const log = createLogger({ name: 'scraper-test', level: 'silent', format: 'json' });

let world: SandboxWorld;
let scraper: SiteScraper;
const results = new Map<string, SiteScrapeResult>();

beforeAll(async () => {
  world = await startSandboxWorld({ failures: { slowPageMs: PAGE_TIMEOUT_MS * 3 } });
  scraper = createSiteScraper({ userAgent: USER_AGENT, maxPagesPerSite: 4, domainDelayMs: DOMAIN_DELAY_MS, pageTimeoutMs: PAGE_TIMEOUT_MS, siteTimeoutMs: 15_000, concurrency: 2, log });
  // The whole world in one batch, as a discovery run would send it: one bad site must not stop the rest.
  const settled = await Promise.all(world.sites.map(async (site) => [site.slug, await scraper.scrapeSite(site.url, { sandboxPort: world.port })] as const));
  for (const [slug, result] of settled) results.set(slug, result);
}, 120_000);

afterAll(async () => {
  await scraper?.close();
  await world?.close();
});

const resultOf = (site: SandboxSite) => results.get(site.slug)!;
const sitesWith = (predicate: (site: SandboxSite) => boolean) => world.sites.filter(predicate);

describe('site scraper over the whole sandbox world', () => {
  it('finishes the batch with each site’s expected outcome', () => {
    const outcomes = world.sites.map((site) => {
      const result = resultOf(site);
      return { slug: site.slug, outcome: result.ok ? 'ok' : result.reason };
    });
    expect(outcomes).toEqual(world.sites.map((site) => ({ slug: site.slug, outcome: site.outcome })));
  });

  it('finds on every healthy site exactly what is there: mailto, text, obfuscated, Cloudflare and script-built addresses', () => {
    for (const site of sitesWith((candidate) => candidate.outcome === 'ok')) {
      const result = resultOf(site);
      if (!result.ok) throw new Error(`${site.slug} failed`);
      const found = result.extraction;
      expect({ slug: site.slug, style: site.emailStyle, emails: found.emails.map((email) => email.email).sort() }).toEqual({ slug: site.slug, style: site.emailStyle, emails: site.expected.emails });
      expect({ slug: site.slug, phones: [...found.phones].sort() }).toEqual({ slug: site.slug, phones: site.expected.phones });
      expect({ slug: site.slug, social: [...found.socialLinks].sort() }).toEqual({ slug: site.slug, social: site.expected.socialLinks });
      expect({ slug: site.slug, form: found.hasContactForm }).toEqual({ slug: site.slug, form: site.expected.hasContactForm });
    }
  });

  it('reads a healthy site’s pages, name and description and ties team addresses to people', () => {
    const site = sitesWith((candidate) => candidate.outcome === 'ok' && candidate.paths.team !== null && !candidate.quirks.includes('team_disallowed') && candidate.quirks.length === 0)[0]!;
    const result = resultOf(site);
    if (!result.ok) throw new Error(`${site.slug} failed`);
    expect(result.finalUrl).toBe(site.url);
    expect(result.pages.map((page) => page.status)).toEqual([200, 200, 200, 200]);
    expect(result.pages.map((page) => new URL(page.url).pathname).sort()).toEqual(['/', site.paths.about, site.paths.contact, site.paths.team].sort());
    expect(result.extraction.title).toContain(world.businesses.find((business) => business.id === site.businessId)!.name);
    expect(result.extraction.description).toBeTruthy();
    const people = result.extraction.emails.filter((email) => email.name !== null);
    expect(people.map(({ email, name, role }) => ({ email, name, role })).sort((a, b) => a.email.localeCompare(b.email))).toEqual(
      site.people.map(({ email, name, role }) => ({ email, name, role })).sort((a, b) => a.email.localeCompare(b.email)),
    );
  });

  it('gets the address a script writes into the page, which the HTML alone does not contain', () => {
    const scripted = sitesWith((site) => site.outcome === 'ok' && site.emailStyle === 'script');
    expect(scripted.length).toBeGreaterThan(0);
    for (const site of scripted) {
      const result = resultOf(site);
      expect(result.ok && result.extraction.emails.find((email) => email.email === site.email)).toMatchObject({ via: 'mailto' });
    }
  });

  it('reports 404, 500, slow, TLS and unreachable sites with their reason and a message', () => {
    for (const site of sitesWith((candidate) => candidate.outcome !== 'ok')) {
      const result = resultOf(site);
      expect(result).toMatchObject({ ok: false, reason: site.outcome, message: expect.any(String) });
    }
    const tls = sitesWith((site) => site.outcome === 'tls')[0]!;
    expect(resultOf(tls)).toMatchObject({ message: expect.stringContaining('ERR_SSL_PROTOCOL_ERROR') });
    const gone = sitesWith((site) => site.outcome === 'not_found')[0]!;
    expect(resultOf(gone)).toMatchObject({ message: expect.stringContaining('404') });
  });

  it('follows a redirected home page and keeps a slow contact page from failing the site', () => {
    const redirecting = sitesWith((site) => site.quirks.includes('redirect_home'))[0]!;
    expect(resultOf(redirecting)).toMatchObject({ ok: true, finalUrl: new URL('/home/', redirecting.url).toString() });
    const slowAbout = sitesWith((site) => site.quirks.includes('slow_subpage'))[0]!;
    const result = resultOf(slowAbout);
    expect(result.ok && result.pages.find((page) => page.url.includes(slowAbout.paths.about.replace(/\/$/, '')))).toMatchObject({ status: null });
  });

  it('reads robots.txt first, and never requests what it disallows', () => {
    for (const site of sitesWith((candidate) => candidate.outcome === 'robots_disallowed')) {
      expect(world.siteRequests(site.host).map((request) => request.path)).toEqual(['/robots.txt']);
    }
    for (const site of sitesWith((candidate) => candidate.quirks.includes('team_disallowed'))) {
      const paths = world.siteRequests(site.host).map((request) => request.path);
      expect(paths[0]).toBe('/robots.txt');
      expect(paths).not.toContain(site.paths.team);
      expect(paths.length).toBeGreaterThan(1);
    }
  });

  it('identifies itself honestly and fetches no images, fonts or stylesheets', () => {
    const requests = world.siteRequests();
    expect(requests.length).toBeGreaterThan(100);
    expect(requests.every((request) => request.userAgent === USER_AGENT)).toBe(true);
    expect(requests.some((request) => /\.(png|jpe?g|css)$/.test(request.path))).toBe(false);
  });

  it('spaces visits to one domain by the delay, and by a longer Crawl-delay', () => {
    for (const site of world.sites) {
      const requests = world.siteRequests(site.host);
      const delay = site.quirks.includes('crawl_delay') ? 500 : DOMAIN_DELAY_MS;
      // The browser follows a redirect at once: the two requests are one visit.
      const gaps = requests
        .slice(1)
        .map((request, index) => ({ path: request.path, after: requests[index]!.path, gapMs: request.at - requests[index]!.at }))
        .filter((gap) => !(site.quirks.includes('redirect_home') && gap.after === '/' && gap.path === '/home/'));
      expect({ slug: site.slug, tooClose: gaps.filter((gap) => gap.gapMs < delay - 5) }).toEqual({ slug: site.slug, tooClose: [] });
    }
  });
});

describe('site scraper edge cases', () => {
  it('follows a listing’s www. link with tracking to the canonical host and reads both origins’ robots.txt', async () => {
    const site = world.sites.find((candidate) => candidate.outcome === 'ok' && candidate.quirks.length === 1 && candidate.quirks[0] === 'listing_utm')!;
    const before = world.siteRequests(site.host).length;
    const result = await scraper.scrapeSite(site.listingUrl!, { sandboxPort: world.port });
    expect(result).toMatchObject({ ok: true, finalUrl: `${site.url}?utm_source=gbp&utm_medium=organic&utm_campaign=listing` });
    expect(result.ok && result.extraction.emails.map((email) => email.email).sort()).toEqual(site.expected.emails);
    const visit = world.siteRequests(site.host).slice(before);
    expect(visit.slice(0, 4).map((request) => `${request.hostHeader.startsWith('www.') ? 'www ' : ''}${request.path}`)).toEqual(['www /robots.txt', 'www /', '/', '/robots.txt']);
  });

  it('reports no_browser clearly when Chromium is missing', async () => {
    const missing = createSiteScraper({ chromiumPath: '/nonexistent/chromium', userAgent: USER_AGENT, maxPagesPerSite: 2, domainDelayMs: 0, pageTimeoutMs: 1_000, siteTimeoutMs: 2_000, log });
    const result = await missing.scrapeSite(world.sites[0]!.url, { sandboxPort: world.port });
    expect(result).toEqual({ ok: false, reason: 'no_browser', message: 'No browser: PLAYWRIGHT_CHROMIUM_PATH=/nonexistent/chromium is not an executable file.', browserMissing: true });
    await missing.close();
  });

  it('rejects an address that is not a web page without visiting anything', async () => {
    expect(await scraper.scrapeSite('mailto:info@example.com')).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('stops a scrape when the caller cancels it', async () => {
    const slow = world.sites.find((site) => site.outcome === 'timeout')!;
    const controller = new AbortController();
    const before = world.siteRequests(slow.host).length;
    const pending = scraper.scrapeSite(slow.url, { signal: controller.signal, sandboxPort: world.port }).then(
      () => 'finished',
      (error: unknown) => error,
    );
    await until(() => world.siteRequests(slow.host).length >= before + 2);
    controller.abort(new Error('run paused'));
    expect(await pending).toMatchObject({ message: 'run paused' });
  });

  it('bounds a whole site by the site timeout, keeping what it read before', async () => {
    const slowAbout = world.sites.find((site) => site.quirks.includes('slow_subpage'))!;
    // The about page takes three page timeouts; only the site budget can cut it short.
    const tight = createSiteScraper({ userAgent: USER_AGENT, maxPagesPerSite: 4, domainDelayMs: 0, pageTimeoutMs: PAGE_TIMEOUT_MS * 10, siteTimeoutMs: 2_000, log });
    // Started once first, so Chromium's launch is not counted against the site.
    await tight.scrapeSite(world.sites.find((site) => site.outcome === 'unreachable')!.url, { sandboxPort: world.port });
    const started = performance.now();
    const result = await tight.scrapeSite(slowAbout.url, { sandboxPort: world.port });
    // The about page alone would take PAGE_TIMEOUT_MS * 3 from when it was asked for.
    expect(performance.now() - started).toBeLessThan(PAGE_TIMEOUT_MS * 2.9);
    if (result.ok) expect(result.pages.some((page) => page.status === null)).toBe(true);
    else expect(result.reason).toBe('timeout');
    await tight.close();
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
