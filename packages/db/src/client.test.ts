import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/database.ts';
import { createSql } from './client.ts';
import type { TestDatabase } from './testing/index.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

/** What Postgres sends a connection it terminates (pg_terminate_backend, a restart): a FATAL 57P01. */
function terminationResponse(): Buffer {
  const fields = Buffer.from('SFATAL\0C57P01\0Mterminating connection due to administrator command\0\0');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/**
 * A TCP proxy to the test server that, the first time a client sends postgres.js's internal
 * array-types query, answers it as a terminated backend would and closes; later connections pass.
 */
async function proxyKillingFirstTypeQuery(target: URL): Promise<{ server: Server; port: number }> {
  let killed = false;
  const server = createServer((client: Socket) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('data', (chunk) => {
      if (!killed && chunk.includes('typarray')) {
        killed = true;
        client.end(terminationResponse());
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return { server, port: address.port };
}

it('survives a connection that dies while postgres.js reads the array types (no unhandled rejection)', async () => {
  const target = new URL(database.url);
  const { server, port } = await proxyKillingFirstTypeQuery(target);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const viaProxy = new URL(database.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(port);
  const sql = createSql(viaProxy.toString(), { applicationName: 'client-test', max: 1 });
  try {
    // The first connection dies during its type read; its query may fail with that error. The next one works.
    await sql`select 1`.catch(() => undefined);
    const [row]: [{ answer: number }?] = await sql`select 41 + 1 as answer`;
    expect(row?.answer).toBe(42);
    // An unhandled rejection is reported on a later turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await sql.end();
    server.close();
  }
});
