export { createSiteScraper, type ScrapeSiteOptions, type SiteScraper, type SiteScraperOptions } from './site-scraper.ts';
export * from './browser.ts';
export { SCRAPE_FAILURE_REASONS, type ScrapeFailureReason, type ScrapedPage, type SiteScrapeResult } from './types.ts';
export { createFormSubmitter, type FormSubmitResult, type FormSubmitter, type FormSubmitterOptions, type SubmitFormInput } from './form-submitter.ts';
