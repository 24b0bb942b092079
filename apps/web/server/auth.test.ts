import { hashPassword } from '@switchboard/api/testing';
import type { LiveEvent } from '@switchboard/core';
import { addAllowlistEntry, createPublisher, createSql, createWorkspace, setPasswordHash, upsertUser, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

const PASSWORD = 'correct horse battery staple';
let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let base: string;
let acmeId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'web-auth-test' });
  web = await startTestWebServer(sql, database.url);
  base = web.base;
  const workspace = await createWorkspace(sql, { name: 'Acme', slug: 'acme' });
  acmeId = workspace.id;
  await addAllowlistEntry(sql, { workspaceId: workspace.id, kind: 'email', value: 'ada@acme.test', role: 'admin', createdBy: null });
  const user = await upsertUser(sql, { email: 'ada@acme.test' });
  await setPasswordHash(sql, user.id, await hashPassword(PASSWORD));
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function me(cookie?: string) {
  const response = await fetch(`${base}/api/trpc/auth.me`, { headers: cookie ? { cookie } : {} });
  return (
    (await response.json()) as {
      result: { data: { user: { email: string; role: string }; workspace: { id: string; name: string }; memberships: unknown[] } | null };
    }
  ).result.data;
}

describe('session cookie', () => {
  it('is set httpOnly and SameSite=Lax at sign-in, identifies the user, and is cleared at sign-out', async () => {
    const signIn = await post('auth.signIn', { email: 'ada@acme.test', password: PASSWORD });
    expect(signIn.status).toBe(200);
    const setCookie = signIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^sb_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = setCookie.split(';')[0]!;

    expect(await me(cookie)).toMatchObject({ user: { email: 'ada@acme.test', role: 'admin' } });
    expect(await me()).toBeNull();

    const signOut = await post('auth.signOut', {}, { cookie });
    expect(signOut.headers.get('set-cookie')).toMatch(/^sb_session=;.*Max-Age=0/i);
    expect(await me(cookie)).toBeNull();
  });

  it('rejects a wrong password with a 400 and a message', async () => {
    const response = await post('auth.signIn', { email: 'ada@acme.test', password: 'not the password' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('Email or password is incorrect.');
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('the sign-in page', () => {
  const signInForm = (search: string, fields: [string, string][]) =>
    fetch(`${base}/sign-in${search}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams([['email', 'ada@acme.test'], ['password', PASSWORD], ['intent', 'password'], ...fields]),
    });

  it('sends a signed-out visit to sign in, then back to the page it asked for', async () => {
    const visit = await fetch(`${base}/leads/import?from=menu`, { redirect: 'manual' });
    expect(visit.status).toBe(302);
    const signInPage = visit.headers.get('location')!;
    expect(signInPage).toBe('/sign-in?next=%2Fleads%2Fimport%3Ffrom%3Dmenu');
    const form = await (await fetch(`${base}${signInPage}`)).text();
    expect(form).toContain('name="next" value="/leads/import?from=menu"');
    const signedIn = await signInForm('', [['next', '/leads/import?from=menu']]);
    expect([signedIn.status, signedIn.headers.get('location')]).toEqual([302, '/leads/import?from=menu']);
  });

  it('never sends anyone to another site after signing in, whatever next says', async () => {
    for (const next of ['//evil.example/leads', 'https://evil.example/', '/\\evil.example', '/sign-out']) {
      const signedIn = await signInForm('', [['next', next]]);
      expect([next, signedIn.status, signedIn.headers.get('location')]).toEqual([next, 302, '/campaigns']);
    }
    const cookie = (await signInForm('', [])).headers.get('set-cookie')!.split(';')[0]!;
    const alreadySignedIn = await fetch(`${base}/sign-in?next=${encodeURIComponent('//evil.example')}`, { redirect: 'manual', headers: { cookie } });
    expect([alreadySignedIn.status, alreadySignedIn.headers.get('location')]).toEqual([302, '/campaigns']);
  });
});

describe('behind a TLS proxy', () => {
  it('marks the cookie Secure when the request came over HTTPS and the proxy is trusted', async () => {
    const proxied = await startTestWebServer(sql, database.url, { trustProxy: 'loopback' });
    try {
      const response = await fetch(`${proxied.base}/api/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ email: 'ada@acme.test', password: PASSWORD }),
      });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/i);
    } finally {
      await proxied.close();
    }
  });
});

describe('cross-site requests', () => {
  it('refuses writes from another origin, whatever the cookie', async () => {
    const signIn = await post('auth.signIn', { email: 'ada@acme.test', password: PASSWORD });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of crossSite) {
      const response = await post('auth.signOutEverywhere', {}, { cookie, ...headers });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe('Cross-site request refused.');
    }
    expect(await me(cookie)).toMatchObject({ user: { email: 'ada@acme.test' } });
    const sameOrigin = await post('auth.signOutEverywhere', {}, { cookie, origin: base });
    expect(sameOrigin.status).toBe(200);
    expect(await me(cookie)).toBeNull();
  });
});

describe('live events over Socket.IO', () => {
  async function openSocket(cookie: string | undefined): Promise<{ socket: Socket; received: LiveEvent[] }> {
    const socket = connect(base, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {} });
    const received: LiveEvent[] = [];
    socket.on('event', (event: LiveEvent) => received.push(event));
    await new Promise<void>((resolve) => socket.once('rooms', () => resolve()));
    return { socket, received };
  }

  it('refuses a connection without a session at the handshake (live-access.test.ts has the details)', async () => {
    const socket = connect(base, { transports: ['websocket'], reconnection: false });
    const refusal = await new Promise<Error & { type?: string }>((resolve) => socket.once('connect_error', resolve));
    expect([refusal.type, socket.connected]).toEqual(['TransportError', false]);
    socket.disconnect();
  });

  it('sends workspace events only to sockets signed in as members of that workspace', async () => {
    const other = await createWorkspace(sql, { name: 'Other', slug: 'other' });
    const signIn = await post('auth.signIn', { email: 'ada@acme.test', password: PASSWORD });
    const member = await openSocket((signIn.headers.get('set-cookie') ?? '').split(';')[0]);
    const outsiderWorkspace = await createWorkspace(sql, { name: 'Outsider', slug: 'outsider' });
    await addAllowlistEntry(sql, { workspaceId: outsiderWorkspace.id, kind: 'email', value: 'out@outsider.test', role: 'viewer', createdBy: null });
    const outsiderUser = await upsertUser(sql, { email: 'out@outsider.test' });
    await setPasswordHash(sql, outsiderUser.id, await hashPassword(PASSWORD));
    const outsiderSignIn = await post('auth.signIn', { email: 'out@outsider.test', password: PASSWORD });
    const outsider = await openSocket((outsiderSignIn.headers.get('set-cookie') ?? '').split(';')[0]);
    try {
      const publish = createPublisher(sql);
      await publish(other.id, 'system.heartbeat', { workerId: 'for-other', at: 'x' });
      await publish(acmeId, 'system.heartbeat', { workerId: 'for-acme', at: 'x' });
      await publish(null, 'system.heartbeat', { workerId: 'for-everyone', at: 'x' });
      const ids = (events: LiveEvent[]) => events.map((event) => (event.payload as { workerId: string }).workerId);
      for (let wait = 0; wait < 200 && (member.received.length < 2 || outsider.received.length < 1); wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(ids(member.received)).toEqual(['for-acme', 'for-everyone']);
      expect(ids(outsider.received)).toEqual(['for-everyone']);
    } finally {
      member.socket.disconnect();
      outsider.socket.disconnect();
    }
  });
});

describe('audit log export', () => {
  it('gives admins the filtered log as CSV and refuses everyone else', async () => {
    const signIn = await post('auth.signIn', { email: 'ada@acme.test', password: PASSWORD });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const today = new Date().toISOString().slice(0, 10);
    const response = await fetch(`${base}/admin/audit.csv?action=auth.sign_in&from=${today}&to=${today}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="switchboard-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = (await response.text()).trim().split('\r\n');
    expect(header).toBe('time (UTC),actor,action,target type,target id,summary,ip');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(',ada@acme.test,auth.sign_in,');

    const anonymous = await fetch(`${base}/admin/audit.csv`, { redirect: 'manual' });
    expect(anonymous.status).toBe(403);
    const badDate = await fetch(`${base}/admin/audit.csv?from=yesterday`, { headers: { cookie } });
    expect(badDate.status).toBe(400);
  });
});

describe('session lifetime and workspaces', () => {
  async function freshCookie(): Promise<string> {
    const signIn = await post('auth.signIn', { email: 'ada@acme.test', password: PASSWORD });
    return (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  }
  const tokenOf = (cookie: string) => cookie.slice('sb_session='.length);

  it('ends a session left idle for a week, and any session a month after sign-in', async () => {
    const idle = await freshCookie();
    await sql`update sessions set last_seen_at = now() - interval '7 days 1 minute' where token_hash = encode(sha256(${tokenOf(idle)}::bytea), 'hex')`;
    expect(await me(idle)).toBeNull();

    const old = await freshCookie();
    await sql`update sessions set created_at = now() - interval '30 days 1 minute' where token_hash = encode(sha256(${tokenOf(old)}::bytea), 'hex')`;
    expect(await me(old)).toBeNull();
    expect(await me(await freshCookie())).toMatchObject({ user: { email: 'ada@acme.test' } });
  });

  it('switches between the workspaces the user belongs to, with the role held in each', async () => {
    const second = await createWorkspace(sql, { name: 'Second', slug: 'second' });
    const [ada] = await sql<{ id: string }[]>`select id from users where email = 'ada@acme.test'`;
    await sql`insert into workspace_members (workspace_id, user_id, role) values (${second.id}, ${ada!.id}, 'viewer')`;
    const cookie = await freshCookie();
    const switched = await post('auth.switchWorkspace', { workspaceId: second.id }, { cookie });
    expect(switched.status).toBe(200);
    expect(await me(cookie)).toMatchObject({ user: { role: 'viewer' }, workspace: { id: second.id, name: 'Second' } });
    expect((await me(cookie))?.memberships).toHaveLength(2);
  });
});
