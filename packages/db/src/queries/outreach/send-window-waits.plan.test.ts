// The campaign pages' "waiting for the send window" summary at 20,000 enrolled leads: about 40,000 sent
// emails, and a next email queued for each lead: half deferred to their zone's window, a quarter to a
// full mailbox, a quarter due. A page load reads the campaign's next SEND_WINDOW_WAITS_READ_MAX waiting
// emails in due order, from sends_waiting_idx: never the sent ones, never all of the waiting ones
// (reading all 225,000 of a bigger campaign took ~600 ms; its first 10,000 ~30 ms).
import { outsideSendWindowReason } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import { planOfCall, seedBusyWorkspace, type TestDatabase } from '../../testing/index.ts';
import { campaignSendWindowWaits, SEND_WINDOW_WAITS_READ_MAX } from './send-window-waits.ts';

const LEADS = 20_000;
const ZONES = ['America/New_York', 'America/Chicago', 'Europe/Berlin', 'Asia/Tokyo'];

let database: TestDatabase;
let sql: Sql;
let workspaceId: string;
let campaignId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'send-window-waits-plan-test' });
  ({ workspaceId, campaignId } = await seedBusyWorkspace(sql, { name: 'Waiting campaign', count: LEADS, emailsPerLead: 3 }));
  await sql`
    insert into sends (workspace_id, campaign_id, enrolment_id, lead_id, step_id, step_position, idempotency_key, message_id, to_address, status, not_before, failure)
    select e.workspace_id, e.campaign_id, e.id, e.lead_id, 'next', 3, 'next:' || e.id, '<next.' || e.id || '@test>', e.email, 'queued',
           case when w.n % 4 = 0 then now() - interval '1 minute' else now() + (1 + w.t % 12) * interval '1 hour' + (w.t % 3600) * interval '1 second' end,
           case when w.n % 4 = 0 then null
                when w.n % 4 = 1 then 'Mailbox ann@acme.test is at its limit.'
                else (${ZONES.map(outsideSendWindowReason)}::text[])[1 + (w.n / 4) % ${ZONES.length}] end
    from enrolments e cross join lateral (select abs(hashtext(e.id::text)) as n, abs(hashtext(e.id || ':due')) as t) w
    where e.campaign_id = ${campaignId}`;
  await sql`vacuum analyze`;
}, 120_000);

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe(`the send window summary at ${LEADS} enrolled leads`, () => {
  // When the campaign's next 10,000 waiting emails all wait for something else (a full mailbox: minutes,
  // while a window is hours away), it says nothing of the window: the board's mailbox notice says why.
  it('reads the next 10,000 waiting emails from sends_waiting_idx, and finds the first window to open among them', async () => {
    const now = new Date();
    const { groups, more } = await campaignSendWindowWaits(sql, { workspaceId, campaignId, now });
    const [expected]: [{ waiting: number; windowed: number; nextAt: Date }?] = await sql`
      select count(*)::int as waiting, count(*) filter (where failure like 'Outside the send window (%')::int as windowed,
             min(not_before) filter (where failure like 'Outside the send window (%') as "nextAt"
      from sends where campaign_id = ${campaignId} and status = 'queued' and not_before > ${now}`;
    expect(expected!.waiting).toBeGreaterThan(SEND_WINDOW_WAITS_READ_MAX);
    expect(more).toBe(true);
    const counted = groups.reduce((sum, group) => sum + group.sends, 0);
    // A floor: about two in three of the emails read wait for a window, not all of the campaign's.
    expect(counted).toBeGreaterThan(SEND_WINDOW_WAITS_READ_MAX / 2);
    expect(counted).toBeLessThan(expected!.windowed);
    expect(groups[0]?.nextAt).toEqual(expected!.nextAt);

    const plan = await planOfCall(database.url, sql, (recording) => campaignSendWindowWaits(recording, { workspaceId, campaignId, now }));
    expect(plan).not.toMatch(/Seq Scan on sends/);
    // In due order, or as a bitmap when most of the waiting ones are read anyway: the waiting sends alone, not the 40,000 sent.
    const scanned = /(?:Index Scan using sends_waiting_idx on sends s|Bitmap Index Scan on sends_waiting_idx) \(actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+) loops=1\)/.exec(plan);
    expect(scanned, plan).not.toBeNull();
    expect(Number(scanned![1])).toBeLessThanOrEqual(LEADS);
    expect(plan).toMatch(/Limit \(actual time=[\d.]+\.\.[\d.]+ rows=10000\.00 loops=1\)/);
  });

  it('counts every waiting email exactly when fewer than the cap wait', async () => {
    const now = new Date(Date.now() + 11 * 60 * 60_000);
    const { groups, more } = await campaignSendWindowWaits(sql, { workspaceId, campaignId, now });
    const [expected]: [{ windowed: number }?] = await sql`
      select count(*)::int as windowed from sends
      where campaign_id = ${campaignId} and status = 'queued' and not_before > ${now} and failure like 'Outside the send window (%'`;
    expect(more).toBe(false);
    expect(groups.reduce((sum, group) => sum + group.sends, 0)).toBe(expected!.windowed);
  });
});
