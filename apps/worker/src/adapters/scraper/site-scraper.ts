import { extractPage, isPublicWebUrl, mergeExtractions, pickContactPages, robotsAllows, robotsCrawlDelayMs, type ExtractOptions, type PageExtraction } from '@switchboard/core/discovery';
import type { Logger } from '@switchboard/core';
import type { Page, Response } from 'playwright-core';
import { BrowserPool, BrowserUnavailable, type Tab } from './browser-pool.ts';
import { findBrowserOnce } from './find-browser.ts';
import { DomainPacer } from './domain-pacer.ts';
import { classifyNavigationError, guardRefusalMessage, navigationFailure, statusFailure } from './failures.ts';
import { REFUSED_HEADER, systemLookup, type LookupAll } from './guard-proxy.ts';
import type { ScrapedPage, ScrapeFailureReason, SiteScrapeResult } from './types.ts';

export interface SiteScraperOptions {
  /** PLAYWRIGHT_CHROMIUM_PATH; without it the browser is looked up (see findBrowser). */
  chromiumPath?: string | undefined;
  /** Sent with every request and matched against robots.txt (see SCRAPER_USER_AGENT). */
  userAgent: string;
  /** Pages per site, the start page included. */
  maxPagesPerSite: number;
  /** Least time between two requests to one domain (robots.txt's Crawl-delay can ask for more). */
  domainDelayMs: number;
  pageTimeoutMs: number;
  /** Whole-site budget, counted from when the site gets a browser context. */
  siteTimeoutMs: number;
  log: Logger;
  /** Sites scraped at once (one browser context each). */
  concurrency?: number;
  /** Upper bound on the Crawl-delay a robots.txt can impose. */
  maxCrawlDelayMs?: number;
  /** How host names are resolved before the browser may connect: DNS by default; tests pass a fake. */
  lookup?: LookupAll;
}

export interface ScrapeSiteOptions {
  /** Stops the scrape; scrapeSite then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The country national-format phone numbers belong to, when a listing told us. */
  defaultCountry?: CountryCode;
  /**
   * In sandbox mode, the port of the bundled sandbox world: <slug>.sandbox.localhost on that port may be
   * visited. Absent or null (live mode): no sandbox host, like every other local address, is.
   */
  sandboxPort?: number | null;
}

export interface SiteScraper {
  /** Never throws for a bad site: failures come back as `{ ok: false, reason }`. Rejects only when `signal` aborts. */
  scrapeSite(url: string, options?: ScrapeSiteOptions): Promise<SiteScrapeResult>;
  close(): Promise<void>;
}

type CountryCode = NonNullable<ExtractOptions['defaultCountry']>;
type SiteScraped = Extract<SiteScrapeResult, { ok: true }>;

const DEFAULT_CONCURRENCY = 2;
const DEFAULT_MAX_CRAWL_DELAY_MS = 10_000;

class SiteFailure extends Error {
  readonly reason: ScrapeFailureReason;
  constructor(reason: ScrapeFailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * Visits business websites in Chromium: robots.txt first (through the browser, which resolves
 * *.localhost), then the start page and up to maxPagesPerSite − 1 contact-like pages, paced per domain.
 */
export function createSiteScraper(options: SiteScraperOptions): SiteScraper {
  const pool = new BrowserPool({
    browser: () => findBrowserOnce(options.chromiumPath || undefined),
    userAgent: options.userAgent,
    size: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
    log: options.log,
    // Judged by the address as written, before the request leaves the browser; what a name resolves to is
    // judged by the guard proxy every request then goes through (see guard-proxy.ts).
    allowRequest: (url, sandboxPort) => isPublicWebUrl(url, { sandboxPort }),
    lookup: options.lookup ?? systemLookup,
  });
  const pacer = new DomainPacer();

  async function scrapeSite(url: string, siteOptions: ScrapeSiteOptions = {}): Promise<SiteScrapeResult> {
    const { signal } = siteOptions;
    const sandboxPort = siteOptions.sandboxPort ?? null;
    let start: URL;
    try {
      start = new URL(url);
      if (start.protocol !== 'http:' && start.protocol !== 'https:') throw new TypeError('not http(s)');
    } catch {
      return { ok: false, reason: 'unreachable', message: `${url} is not a web address` };
    }
    if (!isPublicWebUrl(start.toString(), { sandboxPort })) {
      options.log.info({ site: start.host, reason: 'blocked_address' }, 'site not scraped');
      return { ok: false, reason: 'blocked_address', message: `${start.host} is a private or local address; only public websites are visited` };
    }
    let tab: Tab;
    try {
      tab = await pool.acquire(sandboxPort, signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof BrowserUnavailable) return { ok: false, reason: 'no_browser', message: error.message, browserMissing: true };
      return { ok: false, reason: 'no_browser', message: `Could not open a browser tab: ${error instanceof Error ? error.message : String(error)}` };
    }
    const startedAt = Date.now();
    const deadline = startedAt + options.siteTimeoutMs;
    const siteSignal = AbortSignal.any([...(signal ? [signal] : []), AbortSignal.timeout(options.siteTimeoutMs)]);
    // page.goto takes no signal: closing the tab is what interrupts it (the pool opens a new one).
    const interrupt = () => void tab.page.close().catch(() => undefined);
    siteSignal.addEventListener('abort', interrupt, { once: true });
    try {
      const result = await crawl(tab, start, deadline, siteSignal, siteOptions.defaultCountry);
      options.log.info({ site: start.host, pages: result.pages.length, ms: Date.now() - startedAt }, 'site scraped');
      return result;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure =
        error instanceof SiteFailure
          ? { reason: error.reason, message: error.message }
          : siteSignal.aborted
            ? { reason: 'timeout' as const, message: `${start.host} took longer than ${options.siteTimeoutMs} ms` }
            : browserGone(error)
              ? { reason: 'no_browser' as const, message: `Chromium stopped while visiting ${start.host}; it is started again for the next site` }
              : navigationFailure(error, start, tab);
      options.log.info({ site: start.host, reason: failure.reason, ms: Date.now() - startedAt }, 'site not scraped');
      return { ok: false, ...failure };
    } finally {
      siteSignal.removeEventListener('abort', interrupt);
      await pool.release(tab);
    }
  }

  async function crawl(tab: Tab, start: URL, deadline: number, signal: AbortSignal, defaultCountry: CountryCode | undefined): Promise<SiteScraped> {
    const { page } = tab;
    const remaining = () => deadline - Date.now();
    const pageTimeout = () => Math.max(1, Math.min(options.pageTimeoutMs, remaining()));
    // Rules belong to an origin: after a redirect (http → https, www → bare) the new origin's robots.txt applies.
    const robotsByOrigin = new Map<string, string | null>();
    const robotsFor = async (url: URL) => {
      if (!robotsByOrigin.has(url.origin)) robotsByOrigin.set(url.origin, await readRobots(tab, url, pageTimeout(), signal));
      return robotsByOrigin.get(url.origin) ?? null;
    };
    const allows = async (url: URL) => robotsAllows(await robotsFor(url), url.toString(), options.userAgent);
    const delayFor = async (url: URL) => {
      const crawlDelayMs = robotsCrawlDelayMs(await robotsFor(url), url.toString(), options.userAgent) ?? 0;
      return Math.max(options.domainDelayMs, Math.min(crawlDelayMs, options.maxCrawlDelayMs ?? DEFAULT_MAX_CRAWL_DELAY_MS));
    };
    const disallowed = (url: URL) => new SiteFailure('robots_disallowed', `robots.txt of ${url.host} does not allow ${url.pathname}`);

    if (!(await allows(start))) throw disallowed(start);
    const home = await paced(domainOf(start), await delayFor(start), signal, () => page.goto(start.toString(), { waitUntil: 'load', timeout: pageTimeout() }));
    throwIfGuardRefused(tab, home, start);
    const homeStatus = home?.status() ?? null;
    const homeFailure = homeStatus === null ? null : statusFailure(homeStatus, start.toString());
    if (homeFailure) throw new SiteFailure(homeFailure.reason, homeFailure.message);
    const finalUrl = page.url();
    const homeHtml = await readHtml(page, pageTimeout());
    if (!(await allows(new URL(finalUrl)))) throw disallowed(new URL(finalUrl));
    const pages: ScrapedPage[] = [{ url: finalUrl, status: homeStatus }];
    const extractions: { url: string; extraction: PageExtraction }[] = [{ url: finalUrl, extraction: extractPage(homeHtml, finalUrl, { defaultCountry }) }];

    for (const target of pickContactPages(extractions[0]!.extraction.links, finalUrl, options.maxPagesPerSite - 1)) {
      const targetUrl = new URL(target);
      try {
        if (!(await allows(targetUrl))) {
          options.log.debug({ site: start.host, page: target }, 'page disallowed by robots.txt');
          continue;
        }
        const delayMs = await delayFor(targetUrl);
        // A partial site is still a result: stop when the next request could not finish in time.
        if (pacer.waitFor(domainOf(targetUrl), delayMs) >= remaining()) break;
        const response = await paced(domainOf(targetUrl), delayMs, signal, () => page.goto(target, { waitUntil: 'load', timeout: pageTimeout() }));
        if (response?.headers()[REFUSED_HEADER]) {
          options.log.debug({ site: start.host, page: target }, 'contact page refused by the address guard');
          continue;
        }
        const status = response?.status() ?? null;
        pages.push({ url: page.url(), status });
        if (status !== null && status < 400) extractions.push({ url: page.url(), extraction: extractPage(await readHtml(page, pageTimeout()), page.url(), { defaultCountry }) });
      } catch (error) {
        pages.push({ url: target, status: null });
        if (signal.aborted) break;
        options.log.debug({ site: start.host, page: target, err: classifyNavigationError(error).message }, 'contact page not loaded');
        // A page that timed out may have left the tab mid-navigation; a fresh start keeps the next one clean.
        await page.goto('about:blank').catch(() => undefined);
      }
    }
    return { ok: true, finalUrl, pages, extraction: mergeExtractions(extractions) };
  }

  /** robots.txt through the browser. Missing (4xx) allows everything; a 5xx closes the site for now (RFC 9309). */
  async function readRobots(tab: Tab, site: URL, timeoutMs: number, signal: AbortSignal): Promise<string | null> {
    const { page } = tab;
    const robotsUrl = new URL('/robots.txt', site).toString();
    const response = await paced(domainOf(site), options.domainDelayMs, signal, () => page.goto(robotsUrl, { waitUntil: 'commit', timeout: timeoutMs }));
    throwIfGuardRefused(tab, response, site);
    const status = response?.status() ?? 0;
    if (status >= 500) throw new SiteFailure('server_error', `${robotsUrl} answered ${status}; the site is treated as closed to crawlers until it recovers`);
    if (status < 200 || status >= 300 || !response) return null;
    return response.text();
  }

  /** One request to `domain` in its turn; the next waits from when this one ended, however it ended. */
  async function paced<T>(domain: string, delayMs: number, signal: AbortSignal, request: () => Promise<T>): Promise<T> {
    await pacer.turn(domain, delayMs, signal);
    try {
      return await request();
    } finally {
      pacer.finished(domain);
    }
  }

  return {
    scrapeSite,
    close: () => pool.close(),
  };
}

/** The guard proxy's own 403 (the host resolves to a private address, say): the address is refused, no site answered. */
function throwIfGuardRefused(tab: Tab, response: Response | null, start: URL): void {
  if (!response?.headers()[REFUSED_HEADER]) return;
  const refused = new URL(response.url());
  throw new SiteFailure('blocked_address', guardRefusalMessage(tab, start, refused));
}

/** Chromium or the tab went away under us (a crash, not something the site did). */
function browserGone(error: unknown): boolean {
  return error instanceof Error && /Target page, context or browser has been closed|Browser has been closed|browser has disconnected|Target closed/i.test(error.message);
}

/** The rendered page; once more after load when a script navigated while it was being read. */
async function readHtml(page: Page, timeoutMs: number): Promise<string> {
  try {
    return await page.content();
  } catch {
    await page.waitForLoadState('load', { timeout: timeoutMs });
    return page.content();
  }
}

/** The domain requests are paced by: the host without "www.", so www and bare count as one site. */
function domainOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^www\./, '');
}
