import type { SiteExtraction } from '@switchboard/core/discovery';

export const SCRAPE_FAILURE_REASONS = ['not_found', 'server_error', 'timeout', 'tls', 'unreachable', 'robots_disallowed', 'no_browser'] as const;
export type ScrapeFailureReason = (typeof SCRAPE_FAILURE_REASONS)[number];

export interface ScrapedPage {
  url: string;
  /** HTTP status, or null when the page did not load (timeout, connection error). */
  status: number | null;
}

export type SiteScrapeResult =
  | { ok: true; finalUrl: string; pages: ScrapedPage[]; extraction: SiteExtraction }
  | { ok: false; reason: ScrapeFailureReason; message: string };
