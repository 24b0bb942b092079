import { SCRAPER_USER_AGENT } from '@switchboard/core/discovery';
import { createLogger } from '@switchboard/core/logging';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFormSubmitter, FORM_SCREENSHOT_MAX_PX, type FormSubmitter, type SubmitFormInput } from './form-submitter.ts';
import type { LookupAll } from './guard-proxy.ts';
import { startRecordingServer as startServer, type RecordingServer, type RecordingServerAnswer } from './recording-server.testing.ts';

// The contact form step drives the scraper's browser onto a page a stranger wrote, and then presses
// its submit button: the address guard must hold for the form page, its redirects, robots.txt and
// wherever the form posts to, as it does for scraping (address-guard.test.ts).

const log = createLogger({ name: 'form-submitter-guard-test', level: 'silent', format: 'json' });
const USER_AGENT = SCRAPER_USER_AGENT('test', 'https://switchboard.test/bot');

type TestServer = RecordingServer;

let internal: TestServer;
let sites: TestServer;
let submitter: FormSubmitter;
let presses = 0;

const fakeDns: LookupAll = async (hostname) => {
  const answers: Record<string, { address: string; family: number }[]> = {
    'rebind.example.com': [{ address: '127.0.0.1', family: 4 }],
    'metadata.example.com': [{ address: '169.254.169.254', family: 4 }],
  };
  const answer = answers[hostname];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answer;
};

const FORM = (action: string) =>
  `<html><body><form method="post" action="${action}"><label>Name <input name="name" required></label><label>Email <input type="email" name="email" required></label><label>Message <textarea name="message" required></textarea></label><button type="submit">Send</button></form></body></html>`;

beforeAll(async () => {
  internal = await startServer(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>internal admin</body></html>' }));
  sites = await startServer((request): RecordingServerAnswer => {
    const name = (request.headers.host ?? '').split('.')[0];
    const path = request.url ?? '/';
    const secret = `http://127.0.0.1:${internal.port}`;
    if (path === '/robots.txt') {
      return name === 'robots' ? { status: 302, headers: { location: `${secret}/robots.txt` } } : { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no robots.txt' };
    }
    if (name === 'moved') return { status: 302, headers: { location: `${secret}/admin` } };
    if (name === 'metadata') return { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } };
    if (name === 'rebound') return { status: 302, headers: { location: `http://rebind.example.com:${internal.port}/admin` } };
    if (name === 'hops') return path === '/contact' ? { status: 301, headers: { location: '/next' } } : { status: 302, headers: { location: `http://[::1]:${internal.port}/` } };
    if (name === 'action') return { status: 200, headers: { 'content-type': 'text/html' }, body: FORM(`${secret}/steal`) };
    if (name === 'actionname') return { status: 200, headers: { 'content-type': 'text/html' }, body: FORM(`http://rebind.example.com:${internal.port}/steal`) };
    if (name === 'tall') {
      const endless = '<div style="height:40000px;width:5000px">a very tall, very wide page</div>';
      if (request.method === 'POST') return { status: 200, headers: { 'content-type': 'text/html' }, body: `<html><body>Thank you${endless}</body></html>` };
      return { status: 200, headers: { 'content-type': 'text/html' }, body: FORM('/contact').replace('</form>', `</form>${endless}`) };
    }
    if (name === 'thanks' || name === 'robots') {
      if (request.method === 'POST') return { status: 303, headers: { location: `${secret}/thank-you` } };
      return { status: 200, headers: { 'content-type': 'text/html' }, body: FORM('/contact') };
    }
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'nothing here' };
  });
  submitter = createFormSubmitter({ userAgent: USER_AGENT, pageTimeoutMs: 3_000, log, lookup: fakeDns });
});

afterAll(async () => {
  await submitter?.close();
  await sites?.close();
  await internal?.close();
});

beforeEach(() => {
  presses = 0;
});

const site = (name: string) => `http://${name}.sandbox.localhost:${sites.port}/contact`;

function input(pageUrl: string): SubmitFormInput {
  return {
    pageUrl,
    sandboxPort: sites.port,
    values: { senderName: 'Ann Lee', senderEmail: 'ann@agency.example', senderCompany: 'Lee Agency', subject: 'Hello', message: 'Would a short call suit you?' },
    beforeSubmit: async () => {
      presses += 1;
      return true;
    },
  };
}

describe('contact form submitter address guard', () => {
  it('refuses a form page on a private address or a name that resolves to one, without connecting', async () => {
    for (const url of [`http://127.0.0.1:${internal.port}/contact`, 'http://169.254.169.254/latest/meta-data/', `http://rebind.example.com:${internal.port}/contact`, 'http://metadata.example.com/']) {
      const result = await submitter.submit(input(url));
      expect({ url, result }).toMatchObject({ url, result: { outcome: 'failed', retriable: false, reason: expect.stringMatching(/private or local/) } });
    }
    expect(internal.connections()).toBe(0);
    expect(presses).toBe(0);
  });

  it.each(['moved', 'metadata', 'rebound', 'hops'])('does not follow a form page (%s) that redirects to a private address, and gives up on it for good', async (name) => {
    const result = await submitter.submit(input(site(name)));
    expect(result).toMatchObject({ outcome: 'failed', retriable: false, reason: expect.stringMatching(/private or local/) });
    expect(internal.hits).toEqual([]);
    expect(presses).toBe(0);
  });

  it('never sends the form to a private address named in its action, by address or by name', async () => {
    for (const name of ['action', 'actionname']) {
      const result = await submitter.submit(input(site(name)));
      expect(result.outcome).not.toBe('submitted');
    }
    expect(internal.hits).toEqual([]);
    expect(internal.connections()).toBe(0);
  });

  it('submits to the site and does not follow its answer to a private address', async () => {
    await submitter.submit(input(site('thanks')));
    expect(sites.hits).toContainEqual({ method: 'POST', host: `thanks.sandbox.localhost:${sites.port}`, path: '/contact' });
    expect(internal.hits).toEqual([]);
    expect(internal.connections()).toBe(0);
  });

  it('keeps a bounded screenshot of an endlessly tall and wide page', async () => {
    const result = await submitter.submit(input(site('tall')));
    expect(result.outcome).toBe('submitted');
    const png = result.screenshot!;
    // A PNG's size is in its IHDR chunk: width at byte 16, height at byte 20.
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual(FORM_SCREENSHOT_MAX_PX);
  });

  it('gives up for good, submitting nothing, on a site whose robots.txt sends the browser to a private address', async () => {
    expect(await submitter.submit(input(site('robots')))).toMatchObject({ outcome: 'failed', retriable: false, reason: expect.stringMatching(/private or local/) });
    expect(sites.hits.filter((hit) => hit.method === 'POST' && hit.host.startsWith('robots.'))).toEqual([]);
    expect(internal.hits).toEqual([]);
    expect(presses).toBe(0);
  });
});
