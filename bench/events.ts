import { createServer } from 'node:http';
import { type LiveEvent } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createPublisher, createSql } from '@switchboard/db';
import { io as connect } from 'socket.io-client';
import { Server as SocketServer } from 'socket.io';
import { startLiveRelay } from '../apps/web/server/live-relay.ts';
import { createMember } from '../tests/accounts.ts';
import { log, percentile, round, until } from './stats.ts';

const silent = createLogger({ name: 'bench', level: 'silent', format: 'json' });

/**
 * publish() → Socket.IO client, at a steady rate: NOTIFY from one connection (as the worker does),
 * relayed by a web process's Socket.IO server to a connected client.
 */
export async function publishToClientLatency(url: string, eventsPerSecond: number, seconds: number) {
  const relaySql = createSql(url, { applicationName: 'bench-relay' });
  const publisherSql = createSql(url, { applicationName: 'bench-publisher' });
  const http = createServer();
  const io = new SocketServer(http);
  const relay = await startLiveRelay(relaySql, io, silent);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // Live updates reach signed-in members only, so the client carries a member's session cookie.
  const member = await createMember(publisherSql, { email: 'bench@bench.test', role: 'viewer', workspaceName: 'Bench' });
  const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], extraHeaders: { cookie: member.cookie } });
  const latencies: number[] = [];
  client.on('event', (event: LiveEvent) => {
    if (event.topic === 'system.heartbeat') latencies.push(Date.now() - event.publishedAt);
  });
  await new Promise<void>((resolve, reject) => {
    // 'rooms' comes once the server has joined this socket to its rooms; events before it would be lost.
    client.once('rooms', () => resolve());
    client.once('connect_error', (error) => reject(new Error(`the bench client could not connect: ${error.message}`)));
  });

  const publish = createPublisher(publisherSql);
  const total = eventsPerSecond * seconds;
  const intervalMs = 1000 / eventsPerSecond;
  const startedAt = performance.now();
  for (let sent = 0; sent < total; sent += 1) {
    await publish(null, 'system.heartbeat', { workerId: `bench-${sent}`, at: new Date().toISOString() });
    const next = startedAt + (sent + 1) * intervalMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  await until(() => latencies.length >= total, 10_000, 'event delivery');

  client.disconnect();
  await relay.close();
  await new Promise<void>((resolve) => io.close(() => resolve()));
  await relaySql.end();
  await publisherSql.end();
  log(`publish → client: ${total} events`);
  return {
    events: total,
    eventsPerSecond,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(Math.max(...latencies)),
  };
}
