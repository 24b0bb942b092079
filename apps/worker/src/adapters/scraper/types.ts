import type { SiteExtraction } from '@switchboard/core/discovery';

/** blocked_address: the site is, or sent the browser to, a private or local address (127.0.0.1, 10.0.0.5, printer.local …). */
export const SCRAPE_FAILURE_REASONS = ['not_found', 'server_error', 'timeout', 'tls', 'unreachable', 'robots_disallowed', 'blocked_address', 'no_browser'] as const;
export type ScrapeFailureReason = (typeof SCRAPE_FAILURE_REASONS)[number];

export interface ScrapedPage {
  url: string;
  /** HTTP status, or null when the page did not load (timeout, connection error). */
  status: number | null;
}

export type SiteScrapeResult =
  | { ok: true; finalUrl: string; pages: ScrapedPage[]; extraction: SiteExtraction }
  | {
      ok: false;
      reason: ScrapeFailureReason;
      message: string;
      /** No Chromium at all (none found, or it would not start), as opposed to one that crashed on this site. */
      browserMissing?: true;
    };
