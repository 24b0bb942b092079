export { createSiteScraper, type ScrapeSiteOptions, type SiteScraper, type SiteScraperOptions } from './site-scraper.ts';
export * from './browser.ts';
export { SCRAPE_FAILURE_REASONS, type ScrapeFailureReason, type ScrapedPage, type SiteScrapeResult } from './types.ts';
