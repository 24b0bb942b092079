import type { LiveEvent } from '@switchboard/core';
import { createDatabase, createPublisher, createSql, dropDatabase, withDatabase, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../../tests/accounts.ts';
import { createTestDatabase, runPrefix, testServerUrl } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let base: string;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'web-test' });
  web = await startTestWebServer(sql, database.url);
  base = web.base;
  ({ cookie } = await createMember(sql, { email: 'op@acme.test', role: 'operator' }));
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

function expectNoInternals(body: string): void {
  expect(body).not.toMatch(/\n\s+at /);
  expect(body).not.toContain('"stack"');
}

describe('web server', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true });
  });

  it('is not ready on a database that is not migrated', async () => {
    const name = `${runPrefix()}_unmigrated`;
    await createDatabase(testServerUrl(), name);
    const emptySql = createSql(withDatabase(testServerUrl(), name), { applicationName: 'web-test-empty', max: 2 });
    const unmigrated = await startTestWebServer(emptySql, withDatabase(testServerUrl(), name));
    try {
      const response = await fetch(`${unmigrated.base}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ok: false, reason: expect.stringMatching(/^\d+ migration\(s\) pending$/) });
      expect((await fetch(`${unmigrated.base}/healthz`)).status).toBe(200);
    } finally {
      await unmigrated.close();
      await emptySql.end();
      await dropDatabase(testServerUrl(), name);
    }
  });

  it('serves system.status over tRPC to members only', async () => {
    const anonymous = await fetch(`${base}/api/trpc/system.status`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { message: string } }).error.message).toBe('Sign in to continue.');
    const response = await fetch(`${base}/api/trpc/system.status`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { database: { reachable: boolean } } } };
    expect(body.result.data.database.reachable).toBe(true);
  });

  it('enqueues a ping from an HTTP mutation', async () => {
    const response = await fetch(`${base}/api/trpc/system.ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { data: { jobId: string; pingId: string } } };
    const [job]: [{ data: { pingId: string } }?] = await sql`select data from pgboss.job where id = ${result.data.jobId}`;
    expect(job?.data.pingId).toBe(result.data.pingId);
  });

  it('refuses a second ping while the first still waits for a worker: 429 over tRPC, the sentence on the System page form with 200', async () => {
    const send = () => fetch(`${base}/api/trpc/system.ping`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
    await send();
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const sentence = 'Your last ping is still waiting for a worker; wait for its answer before pinging again.';
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(sentence);
    const form = await fetch(`${base}/system`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: 'intent=ping' });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(sentence);
  });

  it('answers bad requests with a 4xx and a message, never a stack trace', async () => {
    const cases = [
      {
        url: `${base}/api/trpc/system.ping`,
        init: { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '5' },
        status: 400,
      },
      { url: `${base}/api/trpc/system.nothing`, init: {}, status: 404 },
      { url: `${base}/api/trpc/system.ping`, init: {}, status: 405 },
      {
        url: `${base}/api/trpc/system.ping`,
        init: { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{"oops"' },
        status: 400,
      },
    ];
    for (const { url, init, status } of cases) {
      const response = await fetch(url, init);
      const body = await response.text();
      expect({ url, status: response.status }).toEqual({ url, status });
      expect((JSON.parse(body) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
      expectNoInternals(body);
    }
  });

  it('refuses an oversized body with 413 before a procedure or a form action reads it', async () => {
    // Bigger than any input a procedure takes or any form (lead files go to their own streamed upload).
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const trpc = await fetch(`${base}/api/trpc/campaigns.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: huge }),
    });
    expect(trpc.status).toBe(413);
    const trpcBody = await trpc.text();
    expect((JSON.parse(trpcBody) as { error: { data: { code: string } } }).error.data.code).toBe('PAYLOAD_TOO_LARGE');
    expectNoInternals(trpcBody);

    const form = await fetch(`${base}/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: `name=${huge}`,
    });
    expect(form.status).toBe(413);
    const formBody = await form.text();
    expect(formBody).toMatch(/larger than 1 MB/);
    expectNoInternals(formBody);
  });

  it('answers a page request its action cannot use with a 4xx and the reason, never a 500', async () => {
    // Not a form at all: an action's request.formData() would throw.
    for (const [type, body] of [['application/json', '{"workspaceId":"x"}'], ['text/plain', 'workspaceId=x'], [undefined, 'x']] as const) {
      for (const path of ['/sign-in', '/switch-workspace', '/campaigns']) {
        const response = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie, ...(type ? { 'content-type': type } : {}) }, body });
        expect({ path, type, status: response.status }).toEqual({ path, type, status: 415 });
        expect(await response.text()).toBe('Send the form as application/x-www-form-urlencoded or multipart/form-data.');
      }
    }
    // A form a procedure refuses, on routes that leave the refusal to the server: its status and sentence.
    const other = await createMember(sql, { email: 'admin@elsewhere.test', role: 'admin', workspaceName: 'Elsewhere' });
    const viewer = await createMember(sql, { email: 'viewer@elsewhere.test', role: 'viewer', workspaceId: other.workspaceId });
    const form = (path: string, fields: string, as?: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(as ? { cookie: as } : {}) }, body: fields, redirect: 'manual' });
    for (const [path, fields, as, status, sentence] of [
      ['/switch-workspace', 'workspaceId=not-an-id', cookie, 400, 'That is not a workspace id.'],
      ['/switch-workspace', `workspaceId=${other.workspaceId}`, cookie, 404, 'Workspace not found.'],
      ['/system', '', viewer.cookie, 403, 'operator'],
      ['/system', '', undefined, 401, 'Sign in'],
    ] as const) {
      const response = await form(path, fields, as);
      const page = await response.text();
      expect({ path, fields, status: response.status }).toEqual({ path, fields, status });
      expect(page).toContain(sentence);
      expectNoInternals(page);
    }
    expect((await form('/switch-workspace', 'workspaceId=', cookie)).status).toBe(400);
  });

  it('answers a refused switch or sign-out from the menu with a page saying what did not happen and the way back', async () => {
    const other = await createMember(sql, { email: 'admin@third.test', role: 'admin', workspaceName: 'Third' });
    const post = (path: string, fields: string, as?: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, ...(as ? { cookie: as } : {}) }, body: fields, redirect: 'manual' });
    const text = async (response: Response) => (await response.text()).replaceAll('<!-- -->', '');

    const foreign = await post('/switch-workspace', `workspaceId=${other.workspaceId}`, cookie);
    expect(foreign.status).toBe(404);
    const refusedSwitch = await text(foreign);
    expect(refusedSwitch).toMatch(/<h1 id="refused-form-heading">Workspace not switched<\/h1><p role="alert"[^>]*>Workspace not found\.<\/p>/);
    expect(refusedSwitch).toMatch(/You are still in Acme\. <a[^>]*href="\/campaigns"[^>]*>Back to the dashboard<\/a>/);
    // Still refused: the session stays in its own workspace.
    const me = (await (await fetch(`${base}/api/trpc/auth.me`, { headers: { cookie } })).json()) as { result: { data: { workspace: { id: string } } } };
    expect(me.result.data.workspace.id).not.toBe(other.workspaceId);

    const everywhere = await post('/sign-out', 'intent=everywhere');
    expect(everywhere.status).toBe(401);
    const refusedSignOut = await text(everywhere);
    expect(refusedSignOut).toContain('<h1 id="refused-form-heading">Not signed out everywhere</h1>');
    expect(refusedSignOut).toContain('This browser is not signed in any more, so it cannot end your other sessions.');
    expect(refusedSignOut).toMatch(/<a[^>]*href="\/sign-in"[^>]*>Sign in<\/a>/);
    expectNoInternals(refusedSignOut);
    // Signing out without a session still just goes to the sign-in page.
    expect((await post('/sign-out', '')).headers.get('location')).toBe('/sign-in');
  });

  it('carries Socket.IO on the same port and relays live events to it', async () => {
    const client = connect(base, { transports: ['websocket'], extraHeaders: { cookie } });
    try {
      const received = new Promise<LiveEvent>((resolve) => client.on('event', (event: LiveEvent) => resolve(event)));
      await new Promise<void>((resolve) => client.once('rooms', () => resolve()));
      await createPublisher(sql)(null, 'system.heartbeat', { workerId: 'socket-test', at: 'now' });
      expect(await received).toMatchObject({ topic: 'system.heartbeat', payload: { workerId: 'socket-test' } });
    } finally {
      client.disconnect();
    }
  });
});
