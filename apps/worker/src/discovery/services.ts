import type { Logger, ProviderMode } from '@switchboard/core';
import type { ProviderKeyResolver } from '@switchboard/db';
import { createPlacesClient, type PlacesClient } from '../adapters/places/index.ts';
import { createSearchClient, type SearchClient } from '../adapters/search/index.ts';
import { createFormSubmitter, createSiteScraper, type FormSubmitter, type SiteScraper, type SiteScraperOptions } from '../adapters/scraper/index.ts';
import type { ProviderBaseUrls } from '../adapters/key-checks/index.ts';
import { SANDBOX_HOST_SUFFIX, startSandboxWorld, type SandboxWorld } from '@switchboard/sandbox-world';

export type ScraperSettings = Omit<SiteScraperOptions, 'chromiumPath' | 'userAgent' | 'log' | 'lookup'>;

export interface DiscoveryServices {
  /** Web search for a workspace: Google with its key (or the environment's), else the sandbox world. */
  search(workspaceId: string): Promise<{ client: SearchClient; mode: ProviderMode }>;
  /** Business listings, on the same Google key as search. */
  places(workspaceId: string): Promise<{ client: PlacesClient; mode: ProviderMode }>;
  /**
   * Where to visit a site. Sandbox-world sites are sent to this process's world: its port changes
   * between starts, and a task queued before a restart still names the old one.
   */
  siteUrl(url: string): Promise<string>;
  /** The sandbox world's port when the workspace runs discovery in the sandbox (its sites may be scraped), else null. */
  sandboxPort(workspaceId: string): Promise<number | null>;
  /** The website scraper for these settings; made on first use and kept while they stay the same. */
  scraper(settings: ScraperSettings): SiteScraper;
  /** Contact form submissions (outreach), with the scraper's browser lookup, user agent and address guard. */
  formSubmitter(): FormSubmitter;
  close(): Promise<void>;
}

export interface DiscoveryServicesOptions {
  providerKey: ProviderKeyResolver;
  baseUrls: ProviderBaseUrls;
  /** PLAYWRIGHT_CHROMIUM_PATH; without it the scraper looks for a browser (see findBrowser). */
  chromiumPath: string | undefined;
  userAgent: string;
  log: Logger;
  /** The sandbox world to use; one is started on first need when not given. */
  sandboxWorld?: SandboxWorld;
}

const GOOGLE_SEARCH_BASE_URL = 'https://www.googleapis.com';
const GOOGLE_PLACES_BASE_URL = 'https://places.googleapis.com';
const SANDBOX_SLOW_PAGE_MS = 125_000;
// A form page and its answer each get this long; a slow answer after submit is in doubt, not retried.
const FORM_PAGE_TIMEOUT_MS = 20_000;

export function createDiscoveryServices(options: DiscoveryServicesOptions): DiscoveryServices {
  let world: Promise<SandboxWorld> | undefined = options.sandboxWorld ? Promise.resolve(options.sandboxWorld) : undefined;
  const ownsWorld = !options.sandboxWorld;
  let scraper: { key: string; instance: SiteScraper } | undefined;
  let formSubmitter: FormSubmitter | undefined;
  const sandboxWorld = () => {
    // Its slow pages outlast the longest page timeout an admin can set, so they always count as timeouts.
    world ??= startSandboxWorld({ failures: { slowPageMs: SANDBOX_SLOW_PAGE_MS } }).then((started) => {
      options.log.info({ baseUrl: started.baseUrl }, 'sandbox world started');
      return started;
    });
    return world;
  };

  return {
    async search(workspaceId) {
      const key = await options.providerKey(workspaceId, 'search');
      if (key) {
        return {
          mode: 'live',
          client: createSearchClient({ baseUrl: options.baseUrls.search ?? GOOGLE_SEARCH_BASE_URL, apiKey: key.fields.apiKey, engineId: key.fields.engineId }),
        };
      }
      const started = await sandboxWorld();
      return { mode: 'sandbox', client: createSearchClient({ baseUrl: started.searchBaseUrl, apiKey: started.apiKey, engineId: started.engineId }) };
    },
    async places(workspaceId) {
      const key = await options.providerKey(workspaceId, 'search');
      if (key) {
        return { mode: 'live', client: createPlacesClient({ baseUrl: options.baseUrls.places ?? GOOGLE_PLACES_BASE_URL, apiKey: key.fields.apiKey }) };
      }
      const started = await sandboxWorld();
      return { mode: 'sandbox', client: createPlacesClient({ baseUrl: started.placesBaseUrl, apiKey: started.apiKey }) };
    },
    async siteUrl(url) {
      const parsed = new URL(url);
      if (!parsed.hostname.endsWith(`.${SANDBOX_HOST_SUFFIX}`)) return url;
      const started = await sandboxWorld();
      // All of the world's sites, the broken ones too, are served on its one port.
      if (!started.sites.some((site) => site.host === parsed.hostname.replace(/^www\./, ''))) return url;
      parsed.port = String(started.port);
      return parsed.toString();
    },
    async sandboxPort(workspaceId) {
      if (await options.providerKey(workspaceId, 'search')) return null;
      return (await sandboxWorld()).port;
    },
    scraper(settings) {
      const key = JSON.stringify(settings);
      if (scraper?.key !== key) {
        const previous = scraper?.instance;
        // Jobs still using the old one finish with it; it closes once they have had time to.
        if (previous) setTimeout(() => void previous.close(), settings.siteTimeoutMs + 5_000).unref();
        scraper = {
          key,
          instance: createSiteScraper({
            ...settings,
            chromiumPath: options.chromiumPath,
            userAgent: options.userAgent,
            log: options.log.child({ component: 'scraper' }),
          }),
        };
      }
      return scraper.instance;
    },
    formSubmitter() {
      formSubmitter ??= createFormSubmitter({
        chromiumPath: options.chromiumPath,
        userAgent: options.userAgent,
        pageTimeoutMs: FORM_PAGE_TIMEOUT_MS,
        log: options.log.child({ component: 'form-submitter' }),
      });
      return formSubmitter;
    },
    async close() {
      await scraper?.instance.close();
      await formSubmitter?.close();
      if (world && ownsWorld) await (await world).close();
    },
  };
}
