import type { Logger } from '@switchboard/core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { BrowserLookup } from './find-browser.ts';
import { startGuardProxy, type GuardProxy, type LookupAll } from './guard-proxy.ts';

// Only flags that make a headless browser quiet. Never @sparticuz/chromium's own `args`: they turn off
// web security and site isolation, which must stay on for pages written by strangers.
export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Nothing in these helps read contact details, and they are most of a page's weight.
const BLOCKED_RESOURCES = new Set(['image', 'media', 'font', 'stylesheet', 'manifest', 'texttrack', 'eventsource', 'websocket', 'ping']);
// A context is replaced after this many sites, so a long run does not accumulate a browser's clutter.
const SITES_PER_CONTEXT = 50;

/** No Chromium to drive: missing, not executable, or it would not start. */
export class BrowserUnavailable extends Error {
  override readonly name = 'BrowserUnavailable';
}

/** A browser context with its one tab, lent to one site at a time. */
export interface Tab {
  context: BrowserContext;
  page: Page;
  /** The sandbox world's port this tab may reach (its context's proxy lets it through), or null in live mode. */
  sandboxPort: number | null;
  /** Documents the address guard refused to load since the tab was lent out (a redirect to 10.0.0.5, say). */
  refusedDocuments: string[];
  /** Documents the tab asked for since it was lent out, redirect hops included. */
  requestedDocuments: string[];
  /** The proxy every request of this tab goes through. */
  proxy: GuardProxy;
}

export interface BrowserPoolOptions {
  /** Which Chromium to start (see findBrowser); asked again after a failed start. */
  browser: () => Promise<BrowserLookup>;
  userAgent: string;
  size: number;
  log: Logger;
  /** Whether the browser may send a request to this address (as written); refused ones fail as net::ERR_BLOCKED_BY_CLIENT. */
  allowRequest: (url: string, sandboxPort: number | null) => boolean;
  /** How the guard proxy resolves names: DNS by default, a fake in tests. */
  lookup: LookupAll;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
}

/**
 * One Chromium, launched on first use, and a few reusable browser contexts with one tab each: at
 * most `size` sites are scraped at once. Between sites the tab goes back to about:blank (stopping the
 * last site's scripts) and the context's cookies and permissions are cleared. Reusing tabs matters:
 * opening one costs more than loading a small page.
 */
export class BrowserPool {
  private browser: Promise<Browser> | null = null;
  // Keyed by sandbox port ('null' in live mode): a context is bound to its proxy, and so to one mode.
  private readonly idle = new Map<string, Tab[]>();
  private readonly proxies = new Map<string, Promise<GuardProxy>>();
  private readonly uses = new WeakMap<BrowserContext, number>();
  private readonly waiters: Waiter[] = [];
  private active = 0;
  private closed = false;
  private readonly options: BrowserPoolOptions;

  constructor(options: BrowserPoolOptions) {
    this.options = options;
  }

  /**
   * A clean tab for one site; waits while all are in use. Throws BrowserUnavailable when Chromium cannot run.
   * `sandboxPort`: the sandbox world's port in sandbox mode (its sites may be visited there), null in live mode.
   */
  async acquire(sandboxPort: number | null, signal?: AbortSignal): Promise<Tab> {
    if (this.closed) throw new BrowserUnavailable('The scraper has been closed.');
    const browser = await this.launch();
    await this.takeSlot(signal);
    try {
      const idle = this.idle.get(String(sandboxPort)) ?? [];
      const reusable = idle.pop();
      if (reusable && !reusable.page.isClosed()) {
        reusable.refusedDocuments.length = 0;
        reusable.requestedDocuments.length = 0;
        return reusable;
      }
      if (reusable) await reusable.context.close().catch(() => undefined);
      const proxy = await this.proxyFor(sandboxPort);
      const context = await browser.newContext({
        userAgent: this.options.userAgent,
        serviceWorkers: 'block',
        viewport: { width: 1280, height: 900 },
        locale: 'en-US',
        acceptDownloads: false,
        // Every request, loopback included (Playwright adds <-loopback>), goes through the guard.
        proxy: { server: proxy.url },
      });
      const refusedDocuments: string[] = [];
      await context.route('**/*', (route) => {
        const request = route.request();
        if (BLOCKED_RESOURCES.has(request.resourceType())) return route.abort('blockedbyclient');
        if (this.allows(request.url(), sandboxPort)) return route.continue();
        if (request.resourceType() === 'document') refusedDocuments.push(request.url());
        return route.abort('blockedbyclient');
      });
      // Playwright routes no WebSocket, and a page script could open one to a local service: none is needed to read a page.
      await context.routeWebSocket(/.*/, (socket) => void socket.close({ code: 1008, reason: 'blocked' }));
      const tab: Tab = { context, page: await context.newPage(), sandboxPort, refusedDocuments, requestedDocuments: [], proxy };
      await this.guardRedirects(tab);
      return tab;
    } catch (error) {
      this.freeSlot();
      throw error;
    }
  }

  /** Hands a tab back, cleared; one that cannot be cleared (or is worn out) is closed instead. */
  async release(tab: Tab): Promise<void> {
    try {
      const uses = (this.uses.get(tab.context) ?? 0) + 1;
      this.uses.set(tab.context, uses);
      if (uses >= SITES_PER_CONTEXT || this.closed || tab.page.isClosed()) {
        await tab.context.close();
        return;
      }
      await tab.page.goto('about:blank');
      for (const extra of tab.context.pages()) if (extra !== tab.page) await extra.close();
      await tab.context.clearCookies();
      await tab.context.clearPermissions();
      const key = String(tab.sandboxPort);
      this.idle.set(key, [...(this.idle.get(key) ?? []), tab]);
    } catch (error) {
      this.options.log.debug({ err: error }, 'browser context dropped');
      await tab.context.close().catch(() => undefined);
    } finally {
      this.freeSlot();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new BrowserUnavailable('The scraper has been closed.'));
    const tabs = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all(tabs.map((tab) => tab.context.close().catch(() => undefined)));
    const browser = await this.browser?.catch(() => null);
    this.browser = null;
    await browser?.close().catch(() => undefined);
    const proxies = [...this.proxies.values()];
    this.proxies.clear();
    await Promise.all(proxies.map(async (proxy) => (await proxy.catch(() => null))?.close()));
  }

  /** http(s) requests go through allowRequest; data:, blob: and the like reach no host. */
  private allows(url: string, sandboxPort: number | null): boolean {
    return !/^https?:/i.test(url) || this.options.allowRequest(url, sandboxPort);
  }

  private proxyFor(sandboxPort: number | null): Promise<GuardProxy> {
    const key = String(sandboxPort);
    let proxy = this.proxies.get(key);
    if (!proxy) {
      proxy = startGuardProxy({ sandboxPort, lookup: this.options.lookup, log: this.options.log });
      proxy.catch(() => this.proxies.delete(key));
      this.proxies.set(key, proxy);
    }
    return proxy;
  }

  /**
   * Playwright calls a route only for the first URL of a redirect chain and lets the later hops
   * through itself, so a site answering "302 → http://169.254.169.254/" would get past the route
   * above. Chromium's own Fetch domain pauses every hop: each is judged here before it is sent.
   */
  private async guardRedirects(tab: Tab): Promise<void> {
    const session = await tab.context.newCDPSession(tab.page);
    session.on('Fetch.requestPaused', (event) => {
      const { requestId } = event;
      if (this.allows(event.request.url, tab.sandboxPort)) {
        if (event.resourceType === 'Document') tab.requestedDocuments.push(event.request.url);
        void session.send('Fetch.continueRequest', { requestId }).catch(() => undefined);
        return;
      }
      if (event.resourceType === 'Document') tab.refusedDocuments.push(event.request.url);
      void session.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
    });
    await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  }

  private launch(): Promise<Browser> {
    this.browser ??= this.start().catch((error: unknown) => {
      // The next site tries again: the binary may have been installed in the meantime.
      this.browser = null;
      throw error;
    });
    return this.browser;
  }

  private async start(): Promise<Browser> {
    const lookup = await this.options.browser();
    if (!lookup.found) throw new BrowserUnavailable(`No browser: ${lookup.problem}.`);
    const chromiumPath = lookup.path;
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS });
    } catch (error) {
      throw new BrowserUnavailable(`Chromium at ${chromiumPath} did not start: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`, { cause: error });
    }
    browser.on('disconnected', () => {
      if (this.closed) return;
      this.options.log.warn('chromium exited; it is started again for the next site');
      this.browser = null;
      this.idle.clear();
    });
    this.options.log.info({ chromiumPath, source: lookup.source }, 'chromium started');
    return browser;
  }

  private takeSlot(signal?: AbortSignal): Promise<void> {
    if (this.active < this.options.size) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private freeSlot(): void {
    // The slot passes straight to the next waiter, so `active` only drops when nobody waits.
    const next = this.waiters.shift();
    if (next) next.resolve();
    else this.active -= 1;
  }
}
