import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrefix, testServerUrl } from '../../../../tests/database.ts';
import { createDatabase, dropDatabase } from '../admin/index.ts';
import { createSql, withDatabase, type Sql } from '../client.ts';
import { seedQueuedCalls } from '../testing/index.ts';
import { migrateBefore } from './migrate-before.testing.ts';
import { migrate } from './migrate.ts';

// An installation from before the one-open-call-per-lead rule, where a campaign's call and a
// sequence's call to the same lead were both queued or live.
const databaseName = `${runPrefix()}_one_open_call`;
let sql: Sql;

beforeAll(async () => {
  await createDatabase(testServerUrl(), databaseName);
  sql = createSql(withDatabase(testServerUrl(), databaseName), { applicationName: 'one-open-call-backfill-test', max: 2 });
});

afterAll(async () => {
  await sql.end();
  await dropDatabase(testServerUrl(), databaseName);
});

describe('the one open call per lead migration', () => {
  it('keeps each lead’s live call, else its earliest queued one, cancels the others and wakes their enrolments, then holds the rule', async () => {
    await migrateBefore(sql, '_one_open_call_per_lead.sql');
    // Three leads, each with the campaign's own call; the first is live, the others queued.
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 3, phoneNumberId: 'pn-backfill' });
    const campaignCalls = await sql<{ id: string; leadId: string; toNumber: string }[]>`
      select id, lead_id as "leadId", to_number as "toNumber" from calls where id = any(${callIds}::uuid[]) order by to_number`;
    const [live, queued, alone] = [campaignCalls[0]!, campaignCalls[1]!, campaignCalls[2]!];
    await sql`update calls set status = 'in_progress', created_at = now() + interval '1 minute' where id = ${live.id}`;
    // The first two leads' sequences queued their own calls beside them, waiting on them.
    const enrolments = await sql<{ id: string; leadId: string }[]>`
      insert into enrolments (workspace_id, campaign_id, lead_id, email, step_id, step_since, next_action_at)
      select ${workspaceId}, ${campaignId}, id, 'owner@' || id || '.example', 'ring', now(), null from unnest(${[live.leadId, queued.leadId]}::uuid[]) as l(id)
      returning id, lead_id as "leadId"`;
    const sequenceCalls = await sql<{ id: string; leadId: string }[]>`
      insert into calls (workspace_id, campaign_id, lead_id, to_number, phone_number_id, attempt, attempt_key, enrolment_id, step_id)
      select ${workspaceId}, ${campaignId}, e.lead_id, c.to_number, 'pn-backfill', 1, 'backfill:' || e.id, e.id, 'ring'
      from unnest(${enrolments.map((enrolment) => enrolment.id)}::uuid[]) as x(id) join enrolments e on e.id = x.id join calls c on c.lead_id = e.lead_id
      returning id, lead_id as "leadId"`;
    expect(sequenceCalls).toHaveLength(2);

    await migrate(sql);
    const rows = await sql<{ id: string; status: string; failure: string | null }[]>`select id, status, failure from calls order by id`;
    const statusOf = (id: string) => rows.find((row) => row.id === id)!;
    expect(statusOf(live.id)).toMatchObject({ status: 'in_progress' });
    expect(statusOf(queued.id)).toMatchObject({ status: 'queued' });
    expect(statusOf(alone.id)).toMatchObject({ status: 'queued' });
    for (const call of sequenceCalls) expect(statusOf(call.id)).toEqual({ id: call.id, status: 'canceled', failure: 'Not placed: another call to this lead was already queued or live.' });
    const woken = await sql<{ nextActionAt: Date | null }[]>`select next_action_at as "nextActionAt" from enrolments where id = any(${enrolments.map((enrolment) => enrolment.id)}::uuid[])`;
    expect(woken.every((enrolment) => enrolment.nextActionAt !== null)).toBe(true);

    // From here a second open call to a lead is refused by the index.
    await expect(sql`
      insert into calls (workspace_id, campaign_id, lead_id, to_number, phone_number_id, attempt, attempt_key)
      values (${workspaceId}, ${campaignId}, ${alone.leadId}, ${alone.toNumber}, 'pn-backfill', 2, 'backfill:again')`).rejects.toThrow(/calls_one_open_per_lead_idx/);
  });
});
