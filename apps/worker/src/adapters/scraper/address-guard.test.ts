import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SCRAPER_USER_AGENT } from '@switchboard/core/discovery';
import { createLogger } from '@switchboard/core/logging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteScraper, type SiteScraper } from './site-scraper.ts';

const log = createLogger({ name: 'address-guard-test', level: 'silent', format: 'json' });
const USER_AGENT = SCRAPER_USER_AGENT('test', 'https://switchboard.test/bot');

interface Hit {
  host: string;
  path: string;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A server on 127.0.0.1 that records what reaches it and answers with `answer`. */
async function startServer(answer: (request: IncomingMessage) => Answer) {
  const hits: Hit[] = [];
  const server: Server = createServer((request, response) => {
    hits.push({ host: request.headers.host ?? '', path: request.url ?? '' });
    const { status, headers, body } = answer(request);
    response.writeHead(status, headers).end(body ?? '');
  });
  server.on('upgrade', (request, socket) => {
    hits.push({ host: request.headers.host ?? '', path: `upgrade ${request.url}` });
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type TestServer = Awaited<ReturnType<typeof startServer>>;

// What the operator's network would hold: a database, a metadata service, an admin page.
let internal: TestServer;
// Stands in for sites on the internet; Chromium reaches it as <name>.sandbox.localhost.
let sites: TestServer;
let sandboxScraper: SiteScraper;
let strictScraper: SiteScraper;

beforeAll(async () => {
  internal = await startServer(() => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'secret' }));
  sites = await startServer((request): Answer => {
    const name = (request.headers.host ?? '').split('.')[0];
    const path = request.url ?? '/';
    const secret = `http://127.0.0.1:${internal.port}`;
    // Chromium turns an empty error page into net::ERR_HTTP_RESPONSE_CODE_FAILURE, so the 404 says something.
    if (path === '/robots.txt') return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no robots.txt' };
    if (name === 'moved') return { status: 302, headers: { location: `${secret}/admin` } };
    if (name === 'hops') return path === '/' ? { status: 301, headers: { location: '/next' } } : { status: 302, headers: { location: `http://[::1]:${internal.port}/` } };
    if (name === 'nosy') {
      // A synchronous request and an iframe both finish before "load", so the page is done with them when the scraper reads it.
      const script = `const xhr = new XMLHttpRequest(); xhr.open('GET', '${secret}/xhr', false); try { xhr.send(); } catch {} fetch('${secret}/fetch').catch(() => {});`;
      const body = `<html><head><title>Nosy Bakery</title></head><body><p>hello@nosy-bakery.com</p><iframe src="${secret}/frame"></iframe><img src="${secret}/pixel.png"><script>${script}</script></body></html>`;
      return { status: 200, headers: { 'content-type': 'text/html' }, body };
    }
    return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><head><title>Plain Plumbing</title></head><body>info@plain-plumbing.com</body></html>' };
  });
  const settings = { userAgent: USER_AGENT, maxPagesPerSite: 1, domainDelayMs: 0, pageTimeoutMs: 5_000, siteTimeoutMs: 10_000, concurrency: 1, log };
  sandboxScraper = createSiteScraper({ ...settings, allowSandboxHosts: true });
  strictScraper = createSiteScraper({ ...settings, allowSandboxHosts: false });
});

afterAll(async () => {
  await sandboxScraper?.close();
  await strictScraper?.close();
  await sites?.close();
  await internal?.close();
});

const site = (name: string) => `http://${name}.sandbox.localhost:${sites.port}/`;
// Chromium may ask the site for its icon after a failed navigation; that request goes to the site itself.
const pathsOf = (name: string) => sites.hits.filter((hit) => hit.host.startsWith(`${name}.`) && hit.path !== '/favicon.ico').map((hit) => hit.path);

describe('scraper address guard', () => {
  it('refuses a start address on the local network without sending it anything', async () => {
    for (const scraper of [sandboxScraper, strictScraper]) {
      for (const url of [`http://127.0.0.1:${internal.port}/`, `http://localhost:${internal.port}/`, `http://[::1]:${internal.port}/`, 'http://169.254.169.254/latest/meta-data/']) {
        expect(await scraper.scrapeSite(url)).toEqual({ ok: false, reason: 'blocked_address', message: expect.stringContaining('private or local address') });
      }
    }
    expect(internal.hits).toEqual([]);
  });

  it('refuses sandbox-world hosts unless the scraper is told they are the sandbox world', async () => {
    expect(await strictScraper.scrapeSite(site('plain'))).toMatchObject({ ok: false, reason: 'blocked_address' });
    expect(pathsOf('plain')).toEqual([]);
    expect(await sandboxScraper.scrapeSite(site('plain'))).toMatchObject({ ok: true, extraction: { emails: [expect.objectContaining({ email: 'info@plain-plumbing.com' })] } });
  });

  it('ends a site whose home page redirects to a private address, before the browser follows it', async () => {
    const result = await sandboxScraper.scrapeSite(site('moved'));
    expect(result).toEqual({ ok: false, reason: 'blocked_address', message: `moved.sandbox.localhost:${sites.port} sent the browser to 127.0.0.1:${internal.port}, a private or local address; only public websites are visited` });
    expect(pathsOf('moved')).toEqual(['/robots.txt', '/']);
    expect(internal.hits).toEqual([]);
  });

  it('catches a private address at the end of a redirect chain too', async () => {
    expect(await sandboxScraper.scrapeSite(site('hops'))).toMatchObject({ ok: false, reason: 'blocked_address', message: expect.stringContaining('[::1]') });
    expect(pathsOf('hops')).toEqual(['/robots.txt', '/', '/next']);
    expect(internal.hits).toEqual([]);
  });

  it('reads a page whose scripts, frames and images reach for the local network, sending none of those requests', async () => {
    const result = await sandboxScraper.scrapeSite(site('nosy'));
    expect(result).toMatchObject({ ok: true, extraction: { title: 'Nosy Bakery', emails: [expect.objectContaining({ email: 'hello@nosy-bakery.com' })] } });
    expect(internal.hits).toEqual([]);
    // The tab the refusals happened in is clean for the next site.
    expect(await sandboxScraper.scrapeSite(site('plain'))).toMatchObject({ ok: true });
  });
});
