// How migration 0050's triggers credit a message that names no email: to the lead's latest email sent
// before it, found by one backward step of sends_lead_sent_idx. Taking every email of the workspace sent
// before the message instead (sends_sent_range_idx, as the planner did) made a bulk insert of messages
// quadratic: 10,000 of them over 60,000 sends took 38 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import { seedEngagedLeads, type TestDatabase } from '../../testing/index.ts';
import { availableSlug, createWorkspace } from '../workspaces.ts';

const LEADS = 10_000;

let database: TestDatabase;
let sql: Sql;
let workspaceId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'answered-sends-plan-test', max: 1 });
  workspaceId = (await createWorkspace(sql, { name: 'Answered', slug: await availableSlug(sql, 'Answered') })).id;
  await seedEngagedLeads(sql, { workspaceId, count: LEADS, emailsPerLead: 3, sendingHours: 10 });
  await sql`vacuum analyze`;
}, 120_000);

afterAll(async () => {
  await sql.end();
  await database.drop();
});

async function indexScans(): Promise<Record<string, number>> {
  await sql`select pg_stat_force_next_flush()`;
  await sql`select pg_stat_clear_snapshot()`;
  const rows = await sql<{ name: string; scans: string }[]>`
    select indexrelname as name, idx_scan as scans from pg_stat_user_indexes where indexrelname in ('sends_lead_sent_idx', 'sends_sent_range_idx')`;
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.scans)]));
}

describe(`messages naming no email, at ${LEADS * 3} sends`, () => {
  it('are credited in bulk through the lead’s own sent emails, one index step each, not the workspace’s', async () => {
    const before = await indexScans();
    const [{ count }]: [{ count: number }] = await sql`
      with added as (
        insert into lead_messages (workspace_id, lead_id, send_id, direction, kind, from_address, received_at, provider_event_id)
        select s.workspace_id, s.lead_id, null, 'inbound', 'reply', s.to_address, s.sent_at + interval '1 hour', 'no-send-' || s.id
        from sends s where s.workspace_id = ${workspaceId} and s.step_position = 1 and abs(hashtext(s.id::text)) % 3 = 0
        returning 1
      )
      select count(*)::int as count from added`;
    expect(count).toBeGreaterThan(1_000);
    const after = await indexScans();
    expect(after.sends_lead_sent_idx! - before.sends_lead_sent_idx!).toBeGreaterThanOrEqual(count);
    expect(after.sends_sent_range_idx! - before.sends_sent_range_idx!).toBe(0);
    // Each reply counts for the lead's second email (sent an hour before it), and only for it.
    const [marks]: [{ replied: number; wrong: number }] = await sql`
      select count(*) filter (where s.replied and s.step_position = 1)::int as replied,
             count(*) filter (where s.replied and s.step_position <> 1 and not exists (
               select 1 from lead_messages m where m.send_id = s.id))::int as wrong
      from sends s where s.workspace_id = ${workspaceId}`;
    expect(marks.wrong).toBe(0);
    expect(marks.replied).toBeGreaterThanOrEqual(count);
  }, 60_000);
});
