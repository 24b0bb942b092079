import { request as httpRequest } from 'node:http';
import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

const SOME_ID = '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c8d';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let port: number;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'web-hosts-test' });
  web = await startTestWebServer(sql, database.url, {
    publicUrl: 'https://switchboard.example.com',
    allowedHosts: ['switchboard.lan', '10.0.0.5:4000'],
  });
  port = Number(new URL(web.base).port);
  ({ cookie } = await createMember(sql, { email: 'op@hosts.test', role: 'operator' }));
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

/** A raw request, so the Host header is exactly what a DNS-rebinding page would make the browser send. */
function send(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  return sendTo(port, path, headers, method, body);
}

function sendTo(
  toPort: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port: toPort, path, method, headers, setHost: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

// The API keeps at most one ping per person waiting for a worker, and no worker runs here: each probe
// starts with none waiting, so an accepted write answers 200 rather than that limit's 429.
const forgetWaitingPings = () => sql`delete from pgboss.job where name = 'system.ping' and state = 'created'`;

const ping = async (headers: Record<string, string>) => {
  await forgetWaitingPings();
  return send('/api/trpc/system.ping', { 'content-type': 'application/json', cookie, ...headers }, 'POST', '{}');
};

describe('Host and Origin checks', () => {
  const rebound = 'rebind.evil.example';

  it('answers 421, before any routing, for a host name that is not ours', async () => {
    const host = `${rebound}:${port}`;
    const origin = `http://${host}`;
    for (const response of [
      await send('/', { host }),
      await send('/campaigns', { host, cookie }),
      await send('/healthz', { host }),
      await send('/readyz', { host }),
      // Today's pages and files: the analytics and its CSV, the outbox and one email, a form screenshot.
      ...(await Promise.all(
        ['/analytics', '/analytics.csv', '/outbox', `/outbox/${SOME_ID}`, `/sends/${SOME_ID}/screenshot.png`].map((path) => send(path, { host, cookie })),
      )),
      await ping({ host, origin }),
    ]) {
      expect(response.status).toBe(421);
      expect(response.body).toMatch(/^This server does not answer for that host name\./);
      expect(response.body).not.toMatch(/\n\s+at /);
    }
    const pings = await sql`select 1 from pgboss.job where name = 'system.ping'`;
    expect(pings).toHaveLength(0);
  });

  it('checks the host of a request line that names a whole URL, and serves the path when the host is ours', async () => {
    const host = `127.0.0.1:${port}`;
    for (const target of [`http://${rebound}/sign-in`, `http://${rebound}:${port}/api/trpc/auth.me`, `https://${rebound}/healthz`]) {
      const response = await send(target, { host });
      expect({ target, status: response.status }).toEqual({ target, status: 421 });
      expect(response.body).toMatch(/^This server does not answer for that host name\./);
    }
    expect(await send(`http://${host}/healthz`, { host: rebound })).toMatchObject({ status: 200 });
    expect(await send(`http://${host}/sign-in?next=%2Fleads`, { host })).toMatchObject({ status: 200, body: expect.stringContaining('Sign in') });
    for (const target of ['*', 'sign-in', 'mailto:ada@acme.test']) {
      expect({ target, status: (await send(target, { host })).status }).toEqual({ target, status: 400 });
    }
  });

  it('answers loopback names on its port, the PUBLIC_URL host and ALLOWED_HOSTS', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'switchboard.example.com', 'switchboard.lan:8080', '10.0.0.5:4000']) {
      expect({ host, status: (await send('/healthz', { host })).status }).toEqual({ host, status: 200 });
    }
    for (const host of [`localhost:${port + 1}`, 'switchboard.example.com:8443', '10.0.0.5:4001', 'lan', '']) {
      expect({ host, status: (await send('/healthz', { host })).status }).toEqual({ host, status: 421 });
    }
  });

  it('refuses a write whose Origin is not one of ours with 403, and takes one that is', async () => {
    const host = `127.0.0.1:${port}`;
    for (const origin of [`http://${rebound}:${port}`, 'null', 'https://switchboard.example.com.evil.example', `ftp://127.0.0.1:${port}`]) {
      const response = await ping({ host, origin });
      expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
      expect(response.body).toContain('Cross-site request refused.');
    }
    for (const origin of [`http://${host}`, `http://localhost:${port}`, 'https://switchboard.example.com', 'http://switchboard.lan:8080']) {
      expect({ origin, status: (await ping({ host, origin })).status }).toEqual({ origin, status: 200 });
    }
  });
});

/*
 * Decision: the Host check reads the Host header only, never X-Forwarded-Host, with or without
 * TRUST_PROXY. A DNS-rebinding page is same-origin with the attacker's name, so it may set any
 * header it likes, X-Forwarded-Host included, and many proxies pass a client's X-Forwarded-Host on
 * untouched. A proxy that rewrites Host to its upstream name (e.g. `web:3000`) lists that name in
 * ALLOWED_HOSTS (README, ALLOWED_HOSTS).
 */
describe('X-Forwarded-Host', () => {
  it('is no way in for a foreign Host, whether or not the proxy is trusted', async () => {
    const pings = async () => (await sql`select 1 from pgboss.job where name = 'system.ping'`).length;
    await forgetWaitingPings();
    const pingsBefore = await pings();
    const proxied = await startTestWebServer(sql, database.url, { trustProxy: 'loopback', publicUrl: 'https://switchboard.example.com' });
    try {
      for (const target of [port, Number(new URL(proxied.base).port)]) {
        const host = `rebind.evil.example:${target}`;
        for (const forwarded of ['switchboard.example.com', `127.0.0.1:${target}`]) {
          const response = await sendTo(target, '/api/trpc/system.ping', {
            host,
            'x-forwarded-host': forwarded,
            origin: `https://${forwarded}`,
            'content-type': 'application/json',
            cookie,
          }, 'POST', '{}');
          expect({ target, forwarded, status: response.status }).toEqual({ target, forwarded, status: 421 });
        }
      }
      // The usual proxy set-up: it connects to the loopback name and says which public name was asked for.
      const proxiedPort = Number(new URL(proxied.base).port);
      const throughProxy = await sendTo(proxiedPort, '/api/trpc/system.ping', {
        host: `127.0.0.1:${proxiedPort}`,
        'x-forwarded-host': 'switchboard.example.com',
        'x-forwarded-proto': 'https',
        origin: 'https://switchboard.example.com',
        'content-type': 'application/json',
        cookie,
      }, 'POST', '{}');
      expect(throughProxy.status).toBe(200);
    } finally {
      await proxied.close();
    }
    // Only the proxied request was queued.
    expect(await pings()).toBe(pingsBefore + 1);
  });
});
