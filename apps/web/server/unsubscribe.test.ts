import { request as httpRequest } from 'node:http';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createUnsubscribeToken, deriveUnsubscribeKey, unsubscribeUrl } from '@switchboard/core/suppression';
import { createSql, listAudit, suppressedAddresses, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';
import { PostsPerIp, UNSUBSCRIBE_POSTS_PER_IP } from './unsubscribe.ts';

// The same secret tests/web-server.ts starts the server with.
const key = deriveUnsubscribeKey(deriveMasterKey('test-master-secret-for-switchboard-tests'));
const ONE_CLICK = 'List-Unsubscribe=One-Click';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let port: number;
let operator: TestMember;
let viewer: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'web-unsubscribe-test' });
  web = await startTestWebServer(sql, database.url);
  port = Number(new URL(web.base).port);
  operator = await createMember(sql, { email: 'olive@acme.test', role: 'operator', workspaceName: 'Acme' });
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

/** A raw request, so Host and Origin are exactly what a mail client (or a rebinding page) sends. */
function send(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, method, headers, setHost: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const host = () => `127.0.0.1:${port}`;
const tokenFor = (email: string) => createUnsubscribeToken(key, { workspaceId: operator.workspaceId, email });
const isSuppressed = async (email: string) => (await suppressedAddresses(sql, operator.workspaceId, [email])).has(email);
const oneClick = (token: string, headers: Record<string, string> = {}) =>
  send(`/u/${token}`, { host: host(), 'content-type': 'application/x-www-form-urlencoded', ...headers }, 'POST', ONE_CLICK);

describe('unsubscribe links', () => {
  it('show a confirmation page on GET and unsubscribe nobody (link scanners open every link)', async () => {
    const token = tokenFor('scanned@acme.com');
    for (let visit = 0; visit < 3; visit += 1) {
      const page = await send(`/u/${token}`, { host: host() });
      expect(page.status).toBe(200);
      expect(page.body).toContain('scanned@acme.com');
      expect(page.body).toMatch(/<button type="submit" class="button">Unsubscribe<\/button>/);
      expect(page.body).not.toContain('You are unsubscribed');
    }
    expect(await isSuppressed('scanned@acme.com')).toBe(false);
  });

  it('unsubscribe at once on a one-click POST from a mail client: no cookie, a foreign or no Origin, 200 and no redirect', async () => {
    const url = unsubscribeUrl(web.base, tokenFor('gmail@acme.com'));
    const path = new URL(url).pathname;
    const first = await send(path, { host: host(), origin: 'https://mail.google.com', 'content-type': 'application/x-www-form-urlencoded' }, 'POST', ONE_CLICK);
    expect(first.status).toBe(200);
    expect(first.headers.location).toBeUndefined();
    expect(first.body).toMatch(/^You are unsubscribed\./);
    expect(await isSuppressed('gmail@acme.com')).toBe(true);
    // Again, with no Origin and as multipart (RFC 8058 allows either encoding): still 200, still one entry.
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const again = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
    expect(again.status).toBe(200);
    const audited = (await listAudit(sql, { workspaceId: operator.workspaceId, limit: 50 })).filter((entry) => entry.action === 'suppression.unsubscribe');
    expect(audited.map((entry) => entry.summary.value)).toEqual(['gmail@acme.com']);
    const [row] = await sql`select source from suppressions where workspace_id = ${operator.workspaceId} and value = 'gmail@acme.com'`;
    expect(row?.source).toBe('unsubscribe');
  });

  it("unsubscribe from the page's button and then say so", async () => {
    const token = tokenFor('button@acme.com');
    const posted = await send(
      `/u/${token}`,
      { host: host(), origin: `http://${host()}`, 'content-type': 'application/x-www-form-urlencoded' },
      'POST',
      `${ONE_CLICK}&from=confirmation-page`,
    );
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(`/u/${token}`);
    expect(await isSuppressed('button@acme.com')).toBe(true);
    const page = await send(`/u/${token}`, { host: host() });
    expect(page.body).toContain('You are unsubscribed');
    expect(page.body).not.toMatch(/>Unsubscribe<\/button>/);
  });

  it('answer a tampered, made-up or garbled token with a 4xx page or text that says the link is not valid, never a 500', async () => {
    const token = tokenFor('tamper@acme.com');
    const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    const garbled = await send('/u/%E0%A4%A', { host: host() });
    expect(garbled.status).toBe(400);
    expect(garbled.body).toMatch(/broken %-escape/);
    expect((await oneClick('%E0%A4%A')).status).toBe(404);
    for (const bad of [tampered, 'not-a-token', 'x'.repeat(1200)]) {
      const page = await send(`/u/${bad}`, { host: host() });
      expect({ bad, status: page.status }).toEqual({ bad, status: 404 });
      expect(page.body).toContain('This unsubscribe link is not valid');
      const post = await oneClick(bad);
      expect({ bad, status: post.status }).toEqual({ bad, status: 404 });
      expect(post.body).toMatch(/^This unsubscribe link is not valid/);
    }
    expect(await isSuppressed('tamper@acme.com')).toBe(false);
  });

  it('refuse a POST whose body is not the one-click field', async () => {
    const token = tokenFor('body@acme.com');
    const empty = await send(`/u/${token}`, { host: host() }, 'POST', '');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatch(/open this link in a browser/);
    const wrong = await send(`/u/${token}`, { host: host(), 'content-type': 'application/x-www-form-urlencoded' }, 'POST', 'List-Unsubscribe=Yes');
    expect(wrong.status).toBe(400);
    const huge = await send(`/u/${token}`, { host: host(), 'content-type': 'application/x-www-form-urlencoded' }, 'POST', `${ONE_CLICK}&pad=${'x'.repeat(20_000)}`);
    expect(huge.status).toBe(413);
    expect(await isSuppressed('body@acme.com')).toBe(false);
  });

  it('still refuse a foreign Host, on GET and POST', async () => {
    const token = tokenFor('rebound@acme.com');
    const foreign = `rebind.evil.example:${port}`;
    expect((await send(`/u/${token}`, { host: foreign })).status).toBe(421);
    expect((await oneClick(token, { host: foreign })).status).toBe(421);
    expect(await isSuppressed('rebound@acme.com')).toBe(false);
  });

  it('limit one-click posts per IP, and tell the client when to come back', () => {
    const limiter = new PostsPerIp(UNSUBSCRIBE_POSTS_PER_IP);
    const now = new Date('2026-12-01T12:00:00Z');
    for (let post = 0; post < UNSUBSCRIBE_POSTS_PER_IP.maxFailures; post += 1) expect(limiter.hit('198.51.100.7', now)).toBe(0);
    expect(limiter.hit('198.51.100.7', now)).toBe(UNSUBSCRIBE_POSTS_PER_IP.windowMs);
    expect(limiter.hit('198.51.100.8', now)).toBe(0);
    expect(limiter.hit('198.51.100.7', new Date(now.getTime() + UNSUBSCRIBE_POSTS_PER_IP.windowMs + 1))).toBe(0);
  });
});

describe('the suppression list page', () => {
  it('lets an operator add an entry, export the list as CSV and import a file, without JavaScript', async () => {
    const headers = { host: host(), origin: `http://${host()}`, cookie: operator.cookie };
    const added = await send('/suppressions', { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, 'POST', 'intent=add&value=%40Globex.com&reason=asked');
    expect(added.status).toBe(200);
    expect(added.body).toContain('Every address at globex.com will get no more emails.');
    const bad = await send('/suppressions', { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, 'POST', 'intent=add&value=nope');
    expect(bad.status).toBe(200);
    expect(bad.body).toMatch(/neither an email address nor a domain/);

    const form = new FormData();
    form.set('intent', 'import');
    form.set('file', new File(['email\nimported@acme.com\nbroken\n'], 'old-tool.csv', { type: 'text/csv' }));
    const imported = await fetch(`${web.base}/suppressions`, { method: 'POST', body: form, headers: { cookie: operator.cookie, origin: web.base } });
    expect(imported.status).toBe(200);
    expect(await imported.text()).toContain('Imported old-tool.csv: 1 added, 0 already on the list, 1 rows skipped.');

    const page = await send('/suppressions?sort=value', headers);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/globex\.com[\s\S]*imported@acme\.com/);
    const csv = await send('/suppressions.csv?q=globex', headers);
    expect(csv.status).toBe(200);
    expect(csv.body).toMatch(/^value,kind,source,reason,added \(UTC\)\r\nglobex\.com,domain,manual,asked,20\d\d-/);
  });

  it('is refused to a viewer, and to nobody signed in', async () => {
    const page = await send('/suppressions', { host: host(), cookie: viewer.cookie });
    expect(page.status).toBe(403);
    expect(page.body).toContain('This needs the operator role in Acme.');
    expect((await send('/suppressions.csv', { host: host(), cookie: viewer.cookie })).status).toBe(403);
    expect((await send('/suppressions.csv', { host: host() })).status).toBe(401);
  });
});
