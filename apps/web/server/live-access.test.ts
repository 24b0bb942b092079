import type { LiveEvent } from '@switchboard/core';
import { request as httpRequest } from 'node:http';
import { addMember, createPublisher, createSql, createWorkspace, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, TEST_PASSWORD, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let admin: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'web-live-access-test' });
  web = await startTestWebServer(sql, database.url);
  admin = await createMember(sql, { email: 'admin@live.test', role: 'admin', workspaceName: 'Live' });
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

interface OpenSocket {
  socket: Socket;
  received: string[];
  disconnected: Promise<string>;
}

async function openSocket(cookie: string): Promise<OpenSocket> {
  const socket = connect(web.base, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  const received: string[] = [];
  socket.on('event', (event: LiveEvent) => received.push((event.payload as { workerId: string }).workerId));
  const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  await new Promise<void>((resolve) => socket.once('rooms', () => resolve()));
  return { socket, received, disconnected };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function trpc(path: string, body: unknown, cookie: string) {
  return fetch(`${web.base}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
}

const heartbeat = (workspaceId: string | null, workerId: string) =>
  createPublisher(sql)(workspaceId, 'system.heartbeat', { workerId, at: 'now' });

describe('live connections follow access', () => {
  it('sends a workspace’s call events (calls.changed, calls.transcript) to its own members only', async () => {
    const other = await createMember(sql, { email: 'other@live.test', role: 'viewer', workspaceName: 'Calls elsewhere' });
    const heard = new Map<string, string[]>();
    const sockets = await Promise.all(
      [admin, other].map(async (member) => {
        const { socket } = await openSocket(member.cookie);
        const mine: string[] = [];
        heard.set(member.workspaceId, mine);
        socket.on('event', (event: LiveEvent) => {
          if (event.topic.startsWith('calls.')) mine.push(`${event.topic} ${(event.payload as { callId: string }).callId}`);
        });
        return socket;
      }),
    );
    const publish = createPublisher(sql);
    for (const member of [admin, other]) {
      const callId = `call-of-${member.email}`;
      await publish(member.workspaceId, 'calls.changed', { callId, campaignId: 'c', status: 'ringing' });
      await publish(member.workspaceId, 'calls.transcript', { callId, campaignId: 'c' });
    }
    await until(() => [...heard.values()].every((events) => events.length >= 2));
    // A moment for anything misrouted to arrive too.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.get(admin.workspaceId)).toEqual(['calls.changed call-of-admin@live.test', 'calls.transcript call-of-admin@live.test']);
    expect(heard.get(other.workspaceId)).toEqual(['calls.changed call-of-other@live.test', 'calls.transcript call-of-other@live.test']);
    for (const socket of sockets) socket.close();
  });

  it('refuses a handshake from a foreign or DNS-rebound origin', async () => {
    const foreign: Record<string, string>[] = [{ origin: 'http://evil.example' }, { origin: `http://rebind.evil.example:${new URL(web.base).port}` }];
    for (const headers of foreign) {
      for (const transport of ['websocket', 'polling'] as const) {
        const socket = connect(web.base, { transports: [transport], reconnection: false, extraHeaders: { cookie: admin.cookie, ...headers } });
        const outcome = await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', () => resolve('refused'));
        });
        socket.disconnect();
        expect({ headers, transport, outcome }).toEqual({ headers, transport, outcome: 'refused' });
      }
    }
    const own = await openSocket(admin.cookie);
    own.socket.disconnect();
  });

  it('stops sending a workspace’s events to a member removed from it, and ends the socket when that was its session’s workspace', async () => {
    const other = await createWorkspace(sql, { name: 'Other', slug: 'other-live' });
    const removed = await createMember(sql, { email: 'removed@live.test', role: 'operator', workspaceId: admin.workspaceId });
    const stays = await createMember(sql, { email: 'stays@live.test', role: 'viewer', workspaceId: admin.workspaceId });
    await addMember(sql, { workspaceId: other.id, userId: stays.userId, role: 'viewer' });
    const otherAdmin = await createMember(sql, { email: 'admin@other.test', role: 'admin', workspaceId: other.id });
    const removedSocket = await openSocket(removed.cookie);
    const staysSocket = await openSocket(stays.cookie);
    try {
      await heartbeat(admin.workspaceId, 'before');
      await until(() => removedSocket.received.includes('before') && staysSocket.received.includes('before'));

      expect((await trpc('members.remove', { userId: removed.userId }, admin.cookie)).status).toBe(200);
      expect(await removedSocket.disconnected).toBe('io server disconnect');

      // Removed from Other only: the socket (its session is in Live) stays, without Other's events.
      const resynced = new Promise<unknown>((resolve) => staysSocket.socket.once('rooms', resolve));
      expect((await trpc('members.remove', { userId: stays.userId }, otherAdmin.cookie)).status).toBe(200);
      expect(await resynced).toEqual({ workspaces: [admin.workspaceId] });
      await heartbeat(other.id, 'for-other');
      await heartbeat(admin.workspaceId, 'after');
      await until(() => staysSocket.received.includes('after'));
      expect(staysSocket.received).not.toContain('for-other');
      expect(removedSocket.received).not.toContain('after');
    } finally {
      removedSocket.socket.disconnect();
      staysSocket.socket.disconnect();
    }
  });

  it('ends the sockets of a session that signs out, and of every session on sign-out everywhere', async () => {
    const member = await createMember(sql, { email: 'leaves@live.test', role: 'operator', workspaceId: admin.workspaceId });
    const first = await openSocket(member.cookie);
    await trpc('auth.signOut', {}, member.cookie);
    expect(await first.disconnected).toBe('io server disconnect');

    const cookie = await signIn('leaves@live.test');
    const [a, b] = [await openSocket(cookie), await openSocket(cookie)];
    const bystander = await openSocket(admin.cookie);
    try {
      expect((await trpc('auth.signOutEverywhere', {}, cookie)).status).toBe(200);
      expect(await Promise.all([a.disconnected, b.disconnected])).toEqual(['io server disconnect', 'io server disconnect']);
      await heartbeat(null, 'still-here');
      await until(() => bystander.received.includes('still-here'));
      expect(bystander.socket.connected).toBe(true);
    } finally {
      bystander.socket.disconnect();
    }
  });
});

describe('the Engine.IO handshake', () => {
  const pollingHandshake = (cookie?: string) => fetch(`${web.base}/socket.io/?EIO=4&transport=polling`, { headers: cookie ? { cookie } : {} });
  const forgedCookie = 'sb_session=' + 'A'.repeat(43);

  it('refuses a polling handshake without a signed-in session with Engine.IO’s plain 403, and no session id', async () => {
    const signedOut = await signIn('admin@live.test');
    await trpc('auth.signOut', {}, signedOut);
    for (const cookie of [undefined, forgedCookie, 'sb_session=', signedOut]) {
      const answer = await pollingHandshake(cookie);
      const body = await answer.text();
      expect({ cookie, status: answer.status, body }).toEqual({ cookie, status: 403, body: '{"code":4,"message":"Forbidden"}' });
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
  });

  it('refuses a websocket upgrade without a signed-in session, before any Engine.IO session exists', async () => {
    for (const cookie of [undefined, forgedCookie]) {
      expect({ cookie, ...(await upgradeAnswer(cookie)) }).toEqual({ cookie, status: 400, body: 'Forbidden' });
      const socket = connect(web.base, { transports: ['websocket'], reconnection: false, extraHeaders: cookie ? { cookie } : {} });
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error) => resolve(`refused (${(error as Error & { type?: string }).type})`));
      });
      socket.disconnect();
      expect({ cookie, outcome }).toEqual({ cookie, outcome: 'refused (TransportError)' });
    }
  });

  it('opens for a signed-in member, whose socket connects and receives events', async () => {
    const answer = await pollingHandshake(admin.cookie);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toMatch(/^0\{"sid":"[^"]+"/);
    const own = await openSocket(admin.cookie);
    try {
      await heartbeat(admin.workspaceId, 'member-hears');
      await until(() => own.received.includes('member-hears'));
    } finally {
      own.socket.disconnect();
    }
  });

  it('still refuses the Socket.IO connect of a session that signed out after its handshake', async () => {
    const cookie = await signIn('admin@live.test');
    const handshake = await pollingHandshake(cookie);
    const sid = (JSON.parse((await handshake.text()).slice(1)) as { sid: string }).sid;
    await trpc('auth.signOut', {}, cookie);
    const session = `${web.base}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
    expect((await fetch(session, { method: 'POST', headers: { cookie, 'content-type': 'text/plain;charset=UTF-8' }, body: '40' })).status).toBe(200);
    expect(await (await fetch(session, { headers: { cookie } })).text()).toBe('44{"message":"Sign in to receive live updates."}');
  });
});

/** The raw answer to a websocket upgrade of a new Engine.IO connection, as a browser's would get it. */
function upgradeAnswer(cookie: string | undefined): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(web.base);
  return new Promise((resolve, reject) => {
    const upgrade = httpRequest({
      hostname,
      port,
      path: '/socket.io/?EIO=4&transport=websocket',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
        ...(cookie ? { cookie } : {}),
      },
    });
    upgrade.once('upgrade', (_response, socket) => {
      socket.destroy();
      resolve({ status: 101, body: '' });
    });
    upgrade.once('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    upgrade.once('error', reject);
    upgrade.end();
  });
}

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${web.base}/api/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}
