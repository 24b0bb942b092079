import { createSql, type Sql } from '@switchboard/db';
import { generateWebhookSecret } from '@switchboard/provider-fakes';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';
import { pageDataProblems } from './page-data-probe.ts';
import { everyRouteUrl, SOME_ID } from './route-urls.ts';

// Every page and resource route a person without a session may see, and why. Any other route must send
// them to sign in (or answer 401/403/404); a new route that answers anonymously fails this test until it is listed.
const OPEN_DOORS: Record<string, string> = {
  '/sign-in': 'where a session starts; a refused password or a link request answers the same whether or not the allowlist names the address',
  '/forgot-password': 'asks for a reset link; answers the same whether or not the address is known',
  '/reset-password': 'needs a one-time token from an emailed link',
  '/setup': 'needs the one-time setup token printed on the console; refuses once an admin exists',
  '/auth/link': 'needs a one-time sign-in token from an emailed link',
  '/sign-out': 'ends whatever session there is; harmless without one',
  // Opened by email recipients, who have no account. GET only shows a confirmation (a made-up token gets
  // a 404 page); the one-click POST is answered by server/unsubscribe.ts: unsubscribe.test.ts.
  [`/u/${SOME_ID}`]: 'an unsubscribe link: needs a token we signed; shows one button, changes nothing',
};

// Doors the Node server opens itself (not Remix route files), and why; each is checked below.
const SERVER_DOORS: Record<string, string> = {
  'POST /webhooks/resend': 'Resend has no session: the Svix signature over the raw body (RESEND_WEBHOOK_SECRET) is the credential; unsigned → 401',
  'POST /webhooks/vapi': 'Vapi has no session: an HMAC over the raw body (VAPI_WEBHOOK_HMAC_SECRET) or the shared server secret (VAPI_WEBHOOK_SECRET) is the credential; without one → 401',
};

/** Where an anonymous GET ends: redirects inside the dashboard are followed (`/` → `/campaigns` → sign-in). */
async function anonymousAnswer(url: string): Promise<string> {
  let path = url;
  for (let hop = 0; hop < 4; hop += 1) {
    const response = await fetch(`${web.base}${path}`, { redirect: 'manual' });
    const location = response.headers.get('location') ?? '';
    await response.body?.cancel();
    if (response.status >= 300 && response.status < 400) {
      if (location.startsWith('/sign-in')) return 'to sign-in';
      if (!location.startsWith('/')) return `${response.status} ${location}`;
      path = location;
      continue;
    }
    return [401, 403, 404].includes(response.status) ? 'refused' : String(response.status);
  }
  return `redirects on from ${path}`;
}

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'anonymous-doors-test' });
  web = await startTestWebServer(sql, database.url, { resendWebhookSecret: generateWebhookSecret(), vapiWebhookSecrets: { hmacSecret: generateWebhookSecret(), sharedSecret: generateWebhookSecret() } });
  // An installation with an admin: before the first one, every page leads to /setup instead.
  await createMember(sql, { email: 'admin@acme.test', role: 'admin' });
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

describe('anonymous requests', () => {
  it('reach only the listed doors; every other page and route sends them to sign in or refuses them', async () => {
    const urls = await everyRouteUrl();
    expect(urls).toEqual(expect.arrayContaining(['/leads.csv', `/leads/import/${SOME_ID}/errors.csv`, '/admin/audit.csv', '/']));
    const answers: Record<string, string> = {};
    for (const url of urls) answers[url] = await anonymousAnswer(url);
    const unexpected = Object.entries(answers).filter(([url, answer]) => !(url in OPEN_DOORS) && answer !== 'to sign-in' && answer !== 'refused');
    expect(unexpected).toEqual([]);
    // The open doors do answer (a page, or a redirect to sign-in when their token is missing).
    for (const door of Object.keys(OPEN_DOORS)) expect(urls).toContain(door);
  });

  it('get no 500 when they POST to any page, with a form, a broken multipart body or no body at all', async () => {
    const urls = await everyRouteUrl();
    const bodies: [string, Record<string, string>, string][] = [
      ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'intent=delete&email=someone%40acme.test&id=' + SOME_ID],
      ['a broken multipart body', { 'content-type': 'multipart/form-data; boundary=made-up' }, 'not multipart at all'],
      ['no body', { 'content-type': 'application/x-www-form-urlencoded' }, ''],
    ];
    const failures: string[] = [];
    for (const url of urls) {
      for (const [label, headers, body] of bodies) {
        const response = await fetch(`${web.base}${url}`, { method: 'POST', redirect: 'manual', headers: { ...headers, origin: web.base }, body });
        const text = await response.text();
        const location = response.headers.get('location') ?? '';
        const answer = response.status >= 300 && response.status < 400 ? `${response.status} ${location}` : String(response.status);
        // Open doors answer their own form (200 with a message, or a redirect); every other page sends to sign-in or refuses.
        const allowed = response.status < 500 && (url in OPEN_DOORS || location.startsWith('/sign-in') || (response.status >= 400 && response.status < 500));
        if (!allowed || /\n\s+at \S+ \(|node_modules/.test(text)) failures.push(`POST ${url} with ${label}: ${answer}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('get a 4xx in words, never a server error, for old-style page data (?_data=) of a made-up route or a real one', async () => {
    expect(await pageDataProblems(web.base, null)).toEqual([]);
  });

  // The live socket's handshake in detail (websocket, forged cookies, signed-out sessions): live-access.test.ts.
  it('get nothing from tRPC, the import upload or the live socket', async () => {
    const handshake = await fetch(`${web.base}/socket.io/?EIO=4&transport=polling`);
    expect([handshake.status, await handshake.text()]).toEqual([403, '{"code":4,"message":"Forbidden"}']);
    const status = await fetch(`${web.base}/api/trpc/system.status`);
    expect(status.status).toBe(401);
    const leads = await fetch(`${web.base}/api/trpc/leads.list?input=${encodeURIComponent('{}')}`);
    expect(leads.status).toBe(401);
    const upload = await fetch(`${web.base}/leads/import/upload`, { method: 'POST', body: new FormData() });
    expect(upload.status).toBe(401);
    await upload.body?.cancel();
  });

  it('get through the server’s own doors only with their credential', async () => {
    expect(Object.keys(SERVER_DOORS)).toEqual(['POST /webhooks/resend', 'POST /webhooks/vapi']);
    const unsigned = await fetch(`${web.base}/webhooks/resend`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"email.bounced","data":{}}' });
    expect(unsigned.status).toBe(401);
    await unsigned.body?.cancel();
    const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from email_webhook_events`;
    expect(count).toBe(0);
    const vapiMessage = '{"message":{"type":"status-update","status":"ended","endedReason":"customer-ended-call","call":{"id":"vapi-anonymous"}}}';
    const attempts: Record<string, string>[] = [{}, { 'x-vapi-secret': 'guessed-secret-0123456789' }, { 'x-signature': 'ab'.repeat(32), 'x-timestamp': String(Date.now()) }];
    for (const headers of attempts) {
      const refused = await fetch(`${web.base}/webhooks/vapi`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: vapiMessage });
      expect(refused.status).toBe(401);
      await refused.body?.cancel();
    }
    const [{ calls }] = await sql<[{ calls: number }]>`select count(*)::int as calls from call_webhook_events`;
    expect(calls).toBe(0);
  });
});
