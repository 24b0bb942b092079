import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'web-headers-test' });
  web = await startTestWebServer(sql, database.url);
  ({ cookie } = await createMember(sql, { email: 'viewer@headers.test', role: 'viewer' }));
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

function expectSecurityHeaders(response: Response): string {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('same-origin');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  return csp;
}

describe('security headers', () => {
  it('are on pages, tRPC answers, 404s and the health endpoints', async () => {
    const answers = [
      { path: '/sign-in', status: 302 },
      { path: '/campaigns', status: 200 },
      { path: '/no-such-page', status: 404 },
      { path: '/api/trpc/auth.me', status: 200 },
      { path: '/api/trpc/system.nothing', status: 404 },
      { path: '/healthz', status: 200 },
      { path: '/readyz', status: 200 },
    ];
    for (const { path, status } of answers) {
      const response = await fetch(`${web.base}${path}`, { headers: { cookie }, redirect: 'manual' });
      expect({ path, status: response.status }).toEqual({ path, status });
      expectSecurityHeaders(response);
    }
  });

  it('gives every inline script of a page the nonce of its own response, and a new nonce each time', async () => {
    const nonces = new Set<string>();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(`${web.base}/sign-in`);
      expect(response.status).toBe(200);
      const nonce = /'nonce-([^']+)'/.exec(expectSecurityHeaders(response))![1]!;
      nonces.add(nonce);
      const html = await response.text();
      const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((match) => match[1]!);
      expect(inlineScripts.length).toBeGreaterThan(0);
      for (const attributes of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(2);
  });
});
