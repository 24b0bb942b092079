import { SWITCHBOARD_VERSION } from '@switchboard/core';
import { SCRAPER_USER_AGENT } from '@switchboard/core/discovery';
import { createLogger } from '@switchboard/core/logging';
import { createSiteScraper, describeBrowser, findBrowserOnce } from '../apps/worker/src/adapters/scraper/index.ts';
import { startSandboxWorld } from '@switchboard/sandbox-world';
import { log, round } from './stats.ts';

export interface ScrapeBenchSettings {
  /** Sites scraped at once (browser contexts). */
  concurrency: number;
  maxPagesPerSite: number;
  domainDelayMs: number;
  pageTimeoutMs: number;
  siteTimeoutMs: number;
  /** How long the world's slow pages take (above the page timeout, so they time out). */
  slowPageMs: number;
}

export const DEFAULT_SCRAPE_BENCH: ScrapeBenchSettings = {
  concurrency: 4,
  maxPagesPerSite: 4,
  domainDelayMs: 250,
  pageTimeoutMs: 3_000,
  siteTimeoutMs: 30_000,
  slowPageMs: 6_000,
};

/**
 * Pages scraped per second over every website of the sandbox world, with Chromium, robots.txt,
 * per-domain pacing and extraction, as a discovery run would. Counted pages are those that loaded
 * (robots.txt fetches and failed pages are not); the time includes the sites that fail.
 */
export async function scrapeThroughput(overrides: Partial<ScrapeBenchSettings> = {}) {
  const settings = { ...DEFAULT_SCRAPE_BENCH, ...overrides };
  // The worker's own lookup: a bench without a browser would time nothing and report 0 pages as a result.
  const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH || undefined;
  const browser = await findBrowserOnce(chromiumPath);
  if (!browser.found) throw new Error(`The scrape bench needs Chromium: ${browser.problem}`);
  log(`scrape: ${describeBrowser(browser)}`);
  const world = await startSandboxWorld({ failures: { slowPageMs: settings.slowPageMs } });
  const scraper = createSiteScraper({
    chromiumPath,
    userAgent: SCRAPER_USER_AGENT(SWITCHBOARD_VERSION, 'https://switchboard.invalid/bench'),
    maxPagesPerSite: settings.maxPagesPerSite,
    domainDelayMs: settings.domainDelayMs,
    pageTimeoutMs: settings.pageTimeoutMs,
    siteTimeoutMs: settings.siteTimeoutMs,
    concurrency: settings.concurrency,
    log: createLogger({ name: 'bench', level: 'silent', format: 'json' }),
  });
  try {
    // Warm-up: the first site pays for starting Chromium, which a running worker has already done.
    const warmUp = await scraper.scrapeSite(world.sites.find((site) => site.outcome === 'ok')!.url, { sandboxPort: world.port });
    if (!warmUp.ok) throw new Error(`The scrape bench could not scrape a working site: ${warmUp.reason}: ${warmUp.message}`);
    const started = performance.now();
    const results = await Promise.all(world.sites.map((site) => scraper.scrapeSite(site.url, { sandboxPort: world.port })));
    const seconds = (performance.now() - started) / 1000;
    const pages = results.reduce((sum, result) => sum + (result.ok ? result.pages.filter((page) => page.status !== null && page.status < 400).length : 0), 0);
    const failed = results.filter((result) => !result.ok).length;
    // Only the world's broken-by-design sites may fail; a working site that fails is a scraper fault.
    const unexpectedFailures = world.sites.filter((site, index) => site.outcome === 'ok' && !results[index]!.ok).map((site) => site.url);
    log(`scrape: ${pages} pages from ${world.sites.length} sites in ${round(seconds)} s`);
    return { browser: browser.source, pagesPerSecond: round(pages / seconds, 1), sites: world.sites.length, pages, failed, unexpectedFailures, seconds: round(seconds, 1), settings };
  } finally {
    await scraper.close();
    await world.close();
  }
}
