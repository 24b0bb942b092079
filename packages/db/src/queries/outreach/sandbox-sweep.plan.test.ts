// The sandbox recipient's sweep at 30,000 sandbox emails, nearly all with their outcome: it reads only the
// few still waiting for one, from their partial index, never the sends table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import { planOfCall, seedEngagedLeads, type TestDatabase } from '../../testing/index.ts';
import { availableSlug, createWorkspace } from '../workspaces.ts';
import { sandboxSendsAwaitingOutcome } from './sandbox-sweep.ts';

const SENDS = 30_000;
const WAITING = 40;
const HOUR_MS = 60 * 60 * 1000;

let database: TestDatabase;
let sql: Sql;
let waitingIds: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'sandbox-sweep-plan-test', max: 2 });
  const workspaceId = (await createWorkspace(sql, { name: 'Sandbox', slug: await availableSlug(sql, 'Sandbox') })).id;
  await seedEngagedLeads(sql, { workspaceId, count: SENDS });
  // A few emails sent in the last hours whose events never came: no outcome recorded.
  waitingIds = (
    await sql<{ id: string }[]>`
      update sends set delivery = null, delivered_at = null, bounced_at = null, sent_at = now() - (1 + random()) * interval '1 hour'
      where id in (select id from sends order by id limit ${WAITING})
      returning id`
  ).map((row) => row.id);
  await sql`vacuum analyze`;
}, 120_000);

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe(`the sandbox sweep at ${SENDS} sandbox emails`, () => {
  it('finds the emails with no outcome in the window, oldest first and bounded, from the partial index alone', async () => {
    const now = Date.now();
    const range = { sentAfter: new Date(now - 24 * HOUR_MS), sentBefore: new Date(now - 10 * 60_000), limit: 25 };
    const found = await sandboxSendsAwaitingOutcome(sql, range);
    expect(found).toHaveLength(25);
    expect(found.every((send) => waitingIds.includes(send.sendId))).toBe(true);
    expect(found.map((send) => send.sentAt.getTime())).toEqual(found.map((send) => send.sentAt.getTime()).sort((a, b) => a - b));
    // Sent after the range ends (not overdue yet) or before it starts: left alone.
    expect(await sandboxSendsAwaitingOutcome(sql, { ...range, sentBefore: new Date(now - 3 * HOUR_MS) })).toEqual([]);
    const plan = await planOfCall(database.url, sql, (recording) => sandboxSendsAwaitingOutcome(recording, range));
    expect(plan).toMatch(/Index Scan using sends_sandbox_awaiting_outcome_idx/);
    expect(plan).not.toMatch(/Seq Scan|Sort/);
  });
});
