import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

const LEADS = 60_000;

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let member: TestMember;
/** Statements the web server has run (fragments built inside them not counted): grows while an export pages the database. */
let queries = 0;
const counted = new WeakSet<object>();

/** Counts a statement once, when it is first awaited: fragments are built the same way but never awaited themselves. */
function countWhenRun<T extends object>(query: T): T {
  const pending = query as T & { then: (...args: unknown[]) => unknown };
  const then = pending.then.bind(pending);
  pending.then = (...args: unknown[]) => {
    if (!counted.has(pending)) {
      counted.add(pending);
      queries += 1;
    }
    return then(...args);
  };
  return pending;
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'web-csv-test' });
  const counting = new Proxy(sql, {
    apply(target, thisArg, args: Parameters<Sql>) {
      return countWhenRun(Reflect.apply(target, thisArg, args) as object);
    },
  });
  web = await startTestWebServer(counting, database.url);
  member = await createMember(sql, { email: 'admin@csv.test', role: 'admin' });
  // Long cells, so a stalled client fills the socket buffers after a few pages rather than at the end.
  await sql`
    insert into leads (workspace_id, name, address, city)
    select ${member.workspaceId}, 'Lead ' || g, repeat('Long Street ', 80) || g, 'Austin'
    from generate_series(1, ${LEADS}) g`;
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

function startDownload(path: string): Promise<{ response: IncomingMessage; abort: () => void }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${web.base}${path}`, { headers: { cookie: member.cookie } }, (response) =>
      resolve({ response, abort: () => outgoing.destroy() }),
    );
    outgoing.on('error', (error) => {
      if (!outgoing.destroyed) reject(error);
    });
    outgoing.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the server has built no query for `quietMs`, and says how long that took. */
async function settled(quietMs: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let last = queries;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() - started > timeoutMs) throw new Error(`still querying after ${timeoutMs} ms (${queries} queries)`);
    await sleep(50);
    if (queries !== last) {
      last = queries;
      quietSince = Date.now();
    }
  }
  return quietSince - started;
}

describe('CSV exports', () => {
  it('stop paging the database within a second of the client leaving', async () => {
    const { response, abort } = await startDownload('/leads.csv');
    expect(response.statusCode).toBe(200);
    const firstChunk = await new Promise<string>((resolve) => response.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(firstChunk).toMatch(/^name,status,score/);
    abort();
    const before = queries;
    expect(await settled(1_500, 6_000)).toBeLessThan(1_000);
    // A whole export is 120 pages; leaving early costs at most the pages already buffered.
    expect(queries - before).toBeLessThan(40);
  });

  it('reads the next page only as fast as the client takes them', async () => {
    const { response, abort } = await startDownload('/leads.csv');
    try {
      response.pause();
      await settled(1_000, 15_000);
      const stalled = queries;
      await sleep(1_000);
      expect(queries).toBe(stalled);
      // Reading again resumes the paging.
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.resume();
      const resumedAt = Date.now();
      while (queries === stalled && Date.now() - resumedAt < 5_000) await sleep(20);
      expect(queries).toBeGreaterThan(stalled);
      expect(bytes).toBeGreaterThan(0);
    } finally {
      abort();
    }
  });

  it('streams the audit log and stops when the client leaves', async () => {
    await sql`
      insert into audit_log (workspace_id, actor_label, action, summary)
      select ${member.workspaceId}, 'admin@csv.test', 'lead.approve', jsonb_build_object('note', repeat('x', 300))
      from generate_series(1, 30000)`;
    const { response, abort } = await startDownload('/admin/audit.csv');
    expect(response.statusCode).toBe(200);
    await new Promise((resolve) => response.once('data', resolve));
    abort();
    expect(await settled(1_500, 6_000)).toBeLessThan(1_000);
  });
});
