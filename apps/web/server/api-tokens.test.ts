import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let admin: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'api-tokens-test' });
  web = await startTestWebServer(sql, database.url);
  admin = await createMember(sql, { email: 'admin@acme.test', role: 'admin' });
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

async function call(path: string, init: { method?: string; cookie?: string; bearer?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.bearer) headers.authorization = `Bearer ${init.bearer}`;
  const response = await fetch(`${web.base}/api/trpc/${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as { result?: { data: unknown }; error?: { message: string } } };
}

async function createToken(body: unknown): Promise<{ id: string; token: string }> {
  const created = await call('tokens.create', { method: 'POST', cookie: admin.cookie, body });
  expect(created.status).toBe(200);
  return created.body.result!.data as { id: string; token: string };
}

describe('API tokens', () => {
  it('are shown once, stored hashed, and let a script call the API with its role', async () => {
    const { id, token } = await createToken({ name: 'nightly report', role: 'viewer' });
    expect(token).toMatch(/^sbt_[A-Za-z0-9_-]{43}$/);
    const [stored] = await sql`select token_hash from api_tokens where id = ${id}`;
    expect(stored?.token_hash).not.toContain(token);

    expect((await call('system.status', { bearer: token })).status).toBe(200);
    const ping = await call('system.ping', { method: 'POST', bearer: token, body: {} });
    expect(ping.status).toBe(403);
    const listed = await call('tokens.list', { cookie: admin.cookie });
    expect(JSON.stringify(listed.body)).not.toContain(token);
  });

  it('stop working when revoked or expired, and never from a wrong token', async () => {
    const revoked = await createToken({ name: 'revoked', role: 'operator' });
    expect((await call('system.status', { bearer: revoked.token })).status).toBe(200);
    expect((await call('tokens.revoke', { method: 'POST', cookie: admin.cookie, body: { id: revoked.id } })).status).toBe(200);
    expect((await call('system.status', { bearer: revoked.token })).status).toBe(401);

    const expiring = await createToken({ name: 'expiring', role: 'operator', expiresInDays: 1 });
    await sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${expiring.id}`;
    expect((await call('system.status', { bearer: expiring.token })).status).toBe(401);
    expect((await call('system.status', { bearer: 'sbt_not-a-real-token' })).status).toBe(401);
  });

  it('never outrank the person who made them', async () => {
    const operator = await createMember(sql, { email: 'op@acme.test', role: 'operator', workspaceId: admin.workspaceId });
    const { token } = await createToken({ name: 'admin script', role: 'admin' });
    await sql`update api_tokens set user_id = ${operator.userId} where token_hash = encode(sha256(${token}::bytea), 'hex')`;
    // The token says admin, its creator is now only an operator: it acts as an operator.
    expect((await call('tokens.list', { bearer: token })).status).toBe(403);
    expect((await call('system.ping', { method: 'POST', bearer: token, body: {} })).status).toBe(200);
  });
});
