import { normalizeDomain, type ProviderMode } from '@switchboard/core';
import { isPublicWebUrl } from '@switchboard/core/discovery';

/**
 * The domain a website found by search or a listing is scraped under, or null when it is not one
 * to visit: not a web address, a directory, or a private or local address (http://10.0.0.5/,
 * http://printer.local/), which no scrape task is made for. Sandbox-world sites only in sandbox mode
 * (on whatever port: the scraper sends them to the running world's, and refuses any other).
 */
export function scrapeDomain(url: string, mode: ProviderMode): string | null {
  const domain = normalizeDomain(url);
  return domain !== null && isPublicWebUrl(url, { sandboxPort: mode === 'sandbox' ? 'any' : null }) ? domain : null;
}
