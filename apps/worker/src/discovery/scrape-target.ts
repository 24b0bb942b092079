import { normalizeDomain } from '@switchboard/core';
import { isPublicWebUrl } from '@switchboard/core/discovery';

/** Sandbox-world sites are scraped like public ones, in live mode too: nothing but the sandbox world answers at *.sandbox.localhost. */
export const SCRAPE_SANDBOX_HOSTS = true;

/**
 * The domain a website found by search or a listing is scraped under, or null when it is not one
 * to visit: not a web address, a directory, or a private or local address (http://10.0.0.5/,
 * http://printer.local/), which no scrape task is made for.
 */
export function scrapeDomain(url: string): string | null {
  const domain = normalizeDomain(url);
  return domain !== null && isPublicWebUrl(url, { allowSandboxHosts: SCRAPE_SANDBOX_HOSTS }) ? domain : null;
}
