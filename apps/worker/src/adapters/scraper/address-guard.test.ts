import type { LookupAll } from './guard-proxy.ts';
import { SCRAPER_USER_AGENT } from '@switchboard/core/discovery';
import { createLogger } from '@switchboard/core/logging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer as startServer, type RecordingServer, type RecordingServerAnswer } from './recording-server.testing.ts';
import { createSiteScraper, type SiteScraper } from './site-scraper.ts';

const log = createLogger({ name: 'address-guard-test', level: 'silent', format: 'json' });
const USER_AGENT = SCRAPER_USER_AGENT('test', 'https://switchboard.test/bot');

type TestServer = RecordingServer;

// What the operator's network would hold: a database, a metadata service, an admin page.
let internal: TestServer;
// Stands in for sites on the internet; Chromium reaches it as <name>.sandbox.localhost.
let sites: TestServer;
let scraper: SiteScraper;
const lookedUp: string[] = [];

// DNS as an attacker would set it up: public-looking names that answer with the operator's own addresses.
const fakeDns: LookupAll = async (hostname) => {
  lookedUp.push(hostname);
  const answers: Record<string, { address: string; family: number }[]> = {
    'rebind.example.com': [{ address: '127.0.0.1', family: 4 }],
    'mixed.example.com': [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }],
    'mapped.example.com': [{ address: '::ffff:127.0.0.1', family: 6 }],
    'metadata.example.com': [{ address: '169.254.169.254', family: 4 }],
    'public.example.com': [{ address: '93.184.216.34', family: 4 }],
  };
  const answer = answers[hostname];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answer;
};

beforeAll(async () => {
  internal = await startServer(() => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'secret' }));
  sites = await startServer((request): RecordingServerAnswer => {
    const name = (request.headers.host ?? '').split('.')[0];
    const path = request.url ?? '/';
    const secret = `http://127.0.0.1:${internal.port}`;
    // Chromium turns an empty error page into net::ERR_HTTP_RESPONSE_CODE_FAILURE, so the 404 says something.
    if (path === '/robots.txt') return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no robots.txt' };
    if (name === 'moved') return { status: 302, headers: { location: `${secret}/admin` } };
    if (name === 'rebound') return { status: 302, headers: { location: `http://rebind.example.com:${internal.port}/admin` } };
    if (name === 'otherport') return { status: 302, headers: { location: `http://x.sandbox.localhost:${internal.port}/admin` } };
    if (name === 'sneaky') {
      // Names, not addresses: only resolving them shows they lead home.
      const script = `fetch('http://rebind.example.com:${internal.port}/fetch').catch(() => {}); fetch('http://x.sandbox.localhost:${internal.port}/fetch').catch(() => {});`;
      const frames = [`http://rebind.example.com:${internal.port}/frame`, `http://x.sandbox.localhost:${internal.port}/frame`, `https://mapped.example.com:${internal.port}/frame`].map((src) => `<iframe src="${src}"></iframe>`).join('');
      return { status: 200, headers: { 'content-type': 'text/html' }, body: `<html><head><title>Sneaky Salon</title></head><body><p>hi@sneaky-salon.com</p>${frames}<script>${script}</script></body></html>` };
    }
    if (name === 'hops') return path === '/' ? { status: 301, headers: { location: '/next' } } : { status: 302, headers: { location: `http://[::1]:${internal.port}/` } };
    if (name === 'nosy') {
      // A synchronous request and an iframe both finish before "load", so the page is done with them when the scraper reads it.
      const script = `const xhr = new XMLHttpRequest(); xhr.open('GET', '${secret}/xhr', false); try { xhr.send(); } catch {} fetch('${secret}/fetch').catch(() => {});`;
      const body = `<html><head><title>Nosy Bakery</title></head><body><p>hello@nosy-bakery.com</p><iframe src="${secret}/frame"></iframe><img src="${secret}/pixel.png"><script>${script}</script></body></html>`;
      return { status: 200, headers: { 'content-type': 'text/html' }, body };
    }
    return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><head><title>Plain Plumbing</title></head><body>info@plain-plumbing.com</body></html>' };
  });
  scraper = createSiteScraper({ userAgent: USER_AGENT, maxPagesPerSite: 1, domainDelayMs: 0, pageTimeoutMs: 5_000, siteTimeoutMs: 10_000, concurrency: 1, log, lookup: fakeDns });
});

afterAll(async () => {
  await scraper?.close();
  await sites?.close();
  await internal?.close();
});

const site = (name: string) => `http://${name}.sandbox.localhost:${sites.port}/`;
const sandboxMode = () => ({ sandboxPort: sites.port });
const liveMode = { sandboxPort: null };
// Chromium may ask the site for its icon after a failed navigation; that request goes to the site itself.
const pathsOf = (name: string) => sites.hits.filter((hit) => hit.host.startsWith(`${name}.`) && hit.path !== '/favicon.ico').map((hit) => hit.path);

describe('scraper address guard', () => {
  it('refuses a start address on the local network without sending it anything', async () => {
    for (const mode of [sandboxMode(), liveMode]) {
      for (const url of [`http://127.0.0.1:${internal.port}/`, `http://localhost:${internal.port}/`, `http://[::1]:${internal.port}/`, 'http://169.254.169.254/latest/meta-data/']) {
        expect(await scraper.scrapeSite(url, mode)).toEqual({ ok: false, reason: 'blocked_address', message: expect.stringContaining('private or local address') });
      }
    }
    expect(internal.hits).toEqual([]);
    expect(internal.connections()).toBe(0);
  });

  it('refuses sandbox-world hosts in live mode', async () => {
    expect(await scraper.scrapeSite(site('plain'), liveMode)).toMatchObject({ ok: false, reason: 'blocked_address' });
    expect(await scraper.scrapeSite(site('plain'))).toMatchObject({ ok: false, reason: 'blocked_address' });
    expect(pathsOf('plain')).toEqual([]);
    expect(await scraper.scrapeSite(site('plain'), sandboxMode())).toMatchObject({ ok: true, extraction: { emails: [expect.objectContaining({ email: 'info@plain-plumbing.com' })] } });
  });

  it('in sandbox mode, refuses a sandbox host on any port but the world’s, as a start, a redirect or a page’s request', async () => {
    expect(await scraper.scrapeSite(`http://x.sandbox.localhost:${internal.port}/`, sandboxMode())).toMatchObject({ ok: false, reason: 'blocked_address' });
    expect(await scraper.scrapeSite(site('otherport'), sandboxMode())).toMatchObject({ ok: false, reason: 'blocked_address', message: expect.stringContaining(`x.sandbox.localhost:${internal.port}`) });
    expect(internal.connections()).toBe(0);
  });

  it('refuses a name that resolves to a private address before anything connects to it', async () => {
    const refusals = [
      [`http://rebind.example.com:${internal.port}/`, 'resolves to 127.0.0.1'],
      [`https://rebind.example.com:${internal.port}/`, 'resolves to 127.0.0.1'],
      [`http://mixed.example.com:${internal.port}/`, 'resolves to 10.0.0.5'],
      [`http://mapped.example.com:${internal.port}/`, 'resolves to ::ffff:127.0.0.1'],
      ['http://metadata.example.com/latest/meta-data/', 'resolves to 169.254.169.254'],
    ] as const;
    for (const [url, why] of refusals) {
      expect({ url, result: await scraper.scrapeSite(url, sandboxMode()) }).toEqual({ url, result: { ok: false, reason: 'blocked_address', message: expect.stringContaining(why) } });
    }
    expect(lookedUp).toContain('rebind.example.com');
    expect(internal.connections()).toBe(0);
  });

  it('refuses a redirect, a frame or a script request to such a name, and reads the page', async () => {
    expect(await scraper.scrapeSite(site('rebound'), sandboxMode())).toMatchObject({ ok: false, reason: 'blocked_address', message: expect.stringContaining('resolves to 127.0.0.1') });
    expect(await scraper.scrapeSite(site('sneaky'), sandboxMode())).toMatchObject({ ok: true, extraction: { emails: [expect.objectContaining({ email: 'hi@sneaky-salon.com' })] } });
    expect(internal.connections()).toBe(0);
  });

  it('visits a public host only on the web ports, never another port (no port scanning)', async () => {
    for (const url of ['http://public.example.com:8080/', 'http://public.example.com:9200/', 'https://public.example.com:8443/']) {
      expect({ url, result: await scraper.scrapeSite(url, liveMode) }).toEqual({ url, result: { ok: false, reason: 'blocked_address', message: expect.stringContaining('not a web port') } });
    }
  });

  it('reports a name that does not resolve as unreachable', async () => {
    expect(await scraper.scrapeSite('http://no-such-host.example.com/', sandboxMode())).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('ends a site whose home page redirects to a private address, before the browser follows it', async () => {
    const result = await scraper.scrapeSite(site('moved'), sandboxMode());
    expect(result).toEqual({ ok: false, reason: 'blocked_address', message: `moved.sandbox.localhost:${sites.port} sent the browser to 127.0.0.1:${internal.port}, a private or local address; only public websites are visited` });
    expect(pathsOf('moved')).toEqual(['/robots.txt', '/']);
    expect(internal.hits).toEqual([]);
  });

  it('catches a private address at the end of a redirect chain too', async () => {
    expect(await scraper.scrapeSite(site('hops'), sandboxMode())).toMatchObject({ ok: false, reason: 'blocked_address', message: expect.stringContaining('[::1]') });
    expect(pathsOf('hops')).toEqual(['/robots.txt', '/', '/next']);
    expect(internal.hits).toEqual([]);
  });

  it('reads a page whose scripts, frames and images reach for the local network, sending none of those requests', async () => {
    const result = await scraper.scrapeSite(site('nosy'), sandboxMode());
    expect(result).toMatchObject({ ok: true, extraction: { title: 'Nosy Bakery', emails: [expect.objectContaining({ email: 'hello@nosy-bakery.com' })] } });
    expect(internal.hits).toEqual([]);
    // The tab the refusals happened in is clean for the next site.
    expect(await scraper.scrapeSite(site('plain'), sandboxMode())).toMatchObject({ ok: true });
  });
});
