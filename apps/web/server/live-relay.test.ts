import { createServer } from 'node:http';
import { type LiveEvent } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createPublisher, createSql, type EventSubscription, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { io as connect, type Socket } from 'socket.io-client';
import { Server as SocketServer } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startLiveRelay } from './live-relay.ts';

const log = createLogger({ name: 'relay-test', level: 'silent', format: 'json' });

interface WebProcess {
  sql: Sql;
  io: SocketServer;
  relay: EventSubscription;
  client: Socket;
  received: LiveEvent[];
}

let database: TestDatabase;
let publisherSql: Sql;
let member: TestMember;
const webProcesses: WebProcess[] = [];

/** A stand-in for one web process: its own database connection, Socket.IO server and browser. */
async function startWebProcess(): Promise<WebProcess> {
  const sql = createSql(database.url, { applicationName: 'relay-test-web' });
  const http = createServer();
  const io = new SocketServer(http);
  const relay = await startLiveRelay(sql, io, log);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], extraHeaders: { cookie: member.cookie } });
  const received: LiveEvent[] = [];
  client.on('event', (event: LiveEvent) => received.push(event));
  await new Promise<void>((resolve) => client.once('rooms', () => resolve()));
  return { sql, io, relay, client, received };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  publisherSql = createSql(database.url, { applicationName: 'relay-test-publisher' });
  member = await createMember(publisherSql, { email: 'viewer@acme.test', role: 'viewer' });
  webProcesses.push(await startWebProcess(), await startWebProcess());
});

afterAll(async () => {
  for (const web of webProcesses) {
    web.client.disconnect();
    await web.relay.close();
    await new Promise<void>((resolve) => web.io.close(() => resolve()));
    await web.sql.end();
  }
  await publisherSql.end();
  await database.drop();
});

describe('live relay', () => {
  it('delivers a published event to browsers on every web process', async () => {
    const publish = createPublisher(publisherSql);
    await publish(null, 'system.heartbeat', { workerId: 'w-relay', at: '2026-11-25T00:00:00.000Z' });
    await until(() => webProcesses.every((web) => web.received.some((event) => event.payload && 'workerId' in event.payload)));
    for (const web of webProcesses) {
      expect(web.received).toContainEqual(
        expect.objectContaining({ topic: 'system.heartbeat', workspaceId: null, payload: { workerId: 'w-relay', at: '2026-11-25T00:00:00.000Z' } }),
      );
    }
  });

  it('sends nothing on a rolled-back transaction and the event after commit', async () => {
    const before = webProcesses[0]!.received.length;
    await publisherSql
      .begin(async (tx) => {
        await createPublisher(tx)(null, 'system.pong', { pingId: 'rolled-back', requestedAt: 1, handledAt: 2, workerId: 'w' });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await publisherSql.begin(async (tx) => {
      await createPublisher(tx)(null, 'system.pong', { pingId: 'committed', requestedAt: 1, handledAt: 2, workerId: 'w' });
    });
    await until(() => webProcesses[0]!.received.length > before);
    const pingIds = webProcesses[0]!.received.slice(before).map((event) => (event.payload as { pingId?: string }).pingId);
    expect(pingIds).toEqual(['committed']);
  });

  it('keeps workspace events out of sockets that are not members of that workspace', async () => {
    const web = webProcesses[0]!;
    const publish = createPublisher(publisherSql);
    await publish('7d0f3a2e-0000-4000-8000-000000000001', 'system.heartbeat', { workerId: 'private', at: 'x' });
    await publish(null, 'system.heartbeat', { workerId: 'after-private', at: 'x' });
    await until(() => web.received.some((event) => (event.payload as { workerId?: string }).workerId === 'after-private'));
    expect(web.received.some((event) => (event.payload as { workerId?: string }).workerId === 'private')).toBe(false);
  });

  it('ends a socket whose session expired, though no row announced it', async () => {
    const expiring = await createMember(publisherSql, { email: 'expiring@acme.test', role: 'viewer', workspaceName: 'Expiring' });
    const sql = createSql(database.url, { applicationName: 'relay-test-sweep' });
    const http = createServer();
    const io = new SocketServer(http);
    const relay = await startLiveRelay(sql, io, log, { accessSweepIntervalMs: 100 });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: expiring.cookie } });
    try {
      await new Promise<void>((resolve) => client.once('rooms', () => resolve()));
      const disconnected = new Promise<string>((resolve) => client.once('disconnect', resolve));
      await publisherSql`update sessions set created_at = now() - interval '31 days' where user_id = ${expiring.userId}`;
      expect(await disconnected).toBe('io server disconnect');
    } finally {
      client.disconnect();
      await relay.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await sql.end();
    }
  });
});
