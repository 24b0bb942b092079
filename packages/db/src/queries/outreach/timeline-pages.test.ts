// A lead's timeline page by page: every send and every message reached once, in order, whatever the
// ties in time, and the busiest lead's older page read from its own index rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import { planOfCall, seedEngagedLeads, type TestDatabase } from '../../testing/index.ts';
import { availableSlug, createWorkspace } from '../workspaces.ts';
import { leadTimeline, type TimelinePageStart } from './timeline.ts';

const BUSY_SENDS = 3_000;
const BUSY_MESSAGES = 500;
const PAGE = 20;

let database: TestDatabase;
let sql: Sql;
let workspaceId: string;
let campaignId: string;
let leadId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'timeline-pages-test' });
  workspaceId = (await createWorkspace(sql, { name: 'Timeline pages', slug: await availableSlug(sql, 'Timeline pages') })).id;
  ({ campaignId } = await seedEngagedLeads(sql, { workspaceId, count: 2_000, emailsPerLead: 3 }));
  // The busiest lead: thousands of sends, planned ten at a time (same created_at: ties for the id to settle), and many messages.
  const [lead]: [{ leadId: string; enrolmentId: string; email: string }?] = await sql`
    select lead_id as "leadId", id as "enrolmentId", email from enrolments where campaign_id = ${campaignId} order by id limit 1`;
  leadId = lead!.leadId;
  await sql`
    insert into sends (workspace_id, campaign_id, enrolment_id, lead_id, step_id, step_position, idempotency_key, message_id, to_address, status, created_at)
    select ${workspaceId}, ${campaignId}, ${lead!.enrolmentId}, ${leadId}, 'busy-' || n, 10 + n, 'busy:' || n, '<busy.' || n || '@test>', ${lead!.email}, 'canceled',
           now() - interval '200 days' + (n / 10) * interval '1 hour'
    from generate_series(1, ${BUSY_SENDS}::int) n`;
  await sql`
    insert into lead_messages (workspace_id, lead_id, direction, kind, from_address, received_at, provider_event_id)
    select ${workspaceId}, ${leadId}, 'inbound', 'reply', ${lead!.email}, now() - interval '100 days' + (n / 5) * interval '1 hour', 'busy-message-' || n
    from generate_series(1, ${BUSY_MESSAGES}::int) n`;
  await sql`vacuum analyze`;
}, 120_000);

afterAll(async () => {
  await sql.end();
  await database.drop();
});

/** Every page from the newest, following each page's last rows, as the timeline's "Show older" link does. */
async function allPages(input: { campaignId?: string }) {
  const sendIds: string[] = [];
  const messageIds: string[] = [];
  let start: TimelinePageStart = {};
  for (let page = 0; page < 1_000; page += 1) {
    const timeline = await leadTimeline(sql, { workspaceId, leadId, limit: PAGE, ...input, ...start });
    expect(timeline).not.toBeNull();
    const { sends, messages, more } = timeline!;
    expect(sends.length).toBeLessThanOrEqual(PAGE);
    expect(messages.length).toBeLessThanOrEqual(PAGE);
    sendIds.push(...sends.map((send) => send.id));
    messageIds.push(...messages.map((message) => message.id));
    if (!more.sends && !more.messages) return { sendIds, messageIds, pages: page + 1, totals: timeline!.totals };
    start = { sendsBefore: more.sends ? sends.at(-1)!.id : null, messagesBefore: more.messages ? messages.at(-1)!.id : null };
  }
  throw new Error('The pages never ended');
}

describe('a lead’s timeline, page by page', () => {
  it('reaches every send and message of the lead once, newest first, ties in time settled by id', async () => {
    const { sendIds, messageIds, pages, totals } = await allPages({});
    const expectedSends = await sql<{ id: string }[]>`select id from sends where lead_id = ${leadId} order by created_at desc, id desc`;
    const expectedMessages = await sql<{ id: string }[]>`select id from lead_messages where lead_id = ${leadId} order by received_at desc, id desc`;
    expect(sendIds).toEqual(expectedSends.map((row) => row.id));
    expect(messageIds).toEqual(expectedMessages.map((row) => row.id));
    expect(totals).toEqual({ sends: expectedSends.length, messages: expectedMessages.length });
    expect(pages).toBe(Math.ceil(expectedSends.length / PAGE));
  });

  it('leaves out a list whose start is null, and starts nothing from another lead’s row', async () => {
    const first = await leadTimeline(sql, { workspaceId, leadId, limit: PAGE });
    const older = await leadTimeline(sql, { workspaceId, leadId, limit: PAGE, sendsBefore: first!.sends.at(-1)!.id, messagesBefore: null });
    expect(older!.messages).toEqual([]);
    expect(older!.sends[0]!.id).not.toBe(first!.sends.at(-1)!.id);
    const [otherSend]: [{ id: string }?] = await sql`select id from sends where lead_id <> ${leadId} limit 1`;
    expect((await leadTimeline(sql, { workspaceId, leadId, limit: PAGE, sendsBefore: otherSend!.id }))!.sends).toEqual([]);
    // Another workspace cannot read the lead at all.
    const other = (await createWorkspace(sql, { name: 'Not the lead’s', slug: await availableSlug(sql, 'Not the lead’s') })).id;
    expect(await leadTimeline(sql, { workspaceId: other, leadId, limit: PAGE })).toBeNull();
  });

  it('keeps to one campaign’s sends when asked', async () => {
    const { sendIds } = await allPages({ campaignId: '00000000-0000-4000-8000-000000000000' });
    expect(sendIds).toEqual([]);
  });

  it('reads an older page of the busiest lead from sends_lead_idx, starting at the last row shown', async () => {
    const first = await leadTimeline(sql, { workspaceId, leadId, limit: PAGE });
    const start = { sendsBefore: first!.sends.at(-1)!.id, messagesBefore: first!.messages.at(-1)!.id };
    const sendsPlan = await planOfCall(database.url, sql, (recording) => leadTimeline(recording, { workspaceId, leadId, limit: PAGE, ...start }), /from sends s\s/);
    expect(sendsPlan).toMatch(/Index Scan Backward using sends_lead_idx on sends s/);
    expect(sendsPlan).toMatch(/Index Cond: \(\(lead_id = '[0-9a-f-]+'::uuid\) AND \(created_at <= \(InitPlan/);
    expect(sendsPlan).not.toMatch(/Seq Scan on sends/);
    // The page and the few rows tied with its first: not the lead's thousands.
    const scanned = /Index Scan Backward using sends_lead_idx on sends s \(actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+) loops=1\)/.exec(sendsPlan);
    expect(Number(scanned?.[1])).toBeLessThanOrEqual(PAGE + 1 + 10);
    const messagesPlan = await planOfCall(database.url, sql, (recording) => leadTimeline(recording, { workspaceId, leadId, limit: PAGE, ...start }), /left\(text/);
    expect(messagesPlan).toMatch(/received_at <= \(InitPlan/);
    const messagesScanned = /Index Scan using lead_messages_lead_idx on lead_messages \(actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+) loops=1\)/.exec(messagesPlan);
    expect(Number(messagesScanned?.[1])).toBeLessThanOrEqual(PAGE + 1 + 5);
    expect(messagesPlan).not.toMatch(/Seq Scan on lead_messages/);
  });
});
