import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { createRecordingSql, explainAnalyze, seedManyLeads, type TestDatabase } from '../testing/index.ts';
import { createCampaign } from './campaigns.ts';
import { INBOX_PREVIEW_MAX_CHARS, listInboxMessages, type InboxQuery } from './inbox.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] as 'places'[] };
const MESSAGES = 100_000;

let database: TestDatabase;
let sql: Sql;
let big: string;
let other: string;
let campaigns: string[];

/** 100,000 messages over a year in one workspace, spread over 1,000 leads and four campaigns (one rare); and a few in another. */
beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'inbox-test' });
  big = (await createWorkspace(sql, { name: 'Big inbox', slug: await availableSlug(sql, 'Big inbox') })).id;
  other = (await createWorkspace(sql, { name: 'Other inbox', slug: await availableSlug(sql, 'Other inbox') })).id;
  campaigns = [];
  for (const name of ['Plumbers', 'Roofers', 'Bakers', 'Rare']) {
    campaigns.push((await createCampaign(sql, { workspaceId: big, name, timeZone: 'UTC', target: TARGET, createdBy: null })).id);
  }
  await seedManyLeads(sql, { workspaceId: big, count: 1_000 });
  await seedManyLeads(sql, { workspaceId: other, count: 5 });
  // Kinds: 1 in 10 an auto-reply, 1 in 50 a request to stop. Campaigns: the rare one 1 in 1,000, none for 1 in 7.
  await sql`
    insert into lead_messages (workspace_id, lead_id, campaign_id, direction, kind, from_address, subject, text, received_at, provider_event_id)
    select ${big}, lead_ids[1 + n % 1000],
           case when n % 1000 = 0 then (${campaigns}::uuid[])[4] when n % 7 = 0 then null else (${campaigns}::uuid[])[1 + n % 3] end,
           'inbound', case when n % 10 = 0 then 'out_of_office' when n % 50 = 1 then 'unsubscribe_request' else 'reply' end,
           'person' || n || '@customer' || (n % 300) || '.example', 'Re: quote number ' || n, 'Thanks,   we would like
a quote. ' || repeat('More words. ', 15),
           now() - make_interval(secs => (n * 7919) % 31536000), 'seed-' || n
    from generate_series(1, ${MESSAGES}) n, (select array_agg(id) as lead_ids from leads where workspace_id = ${big}) leads`;
  await sql`analyze lead_messages`;
}, 180_000);

afterAll(async () => {
  await sql.end();
  await database.drop();
});

async function planOf(query: InboxQuery): Promise<string> {
  const recording = createRecordingSql(database.url);
  try {
    await listInboxMessages(recording.sql, query);
    return (await explainAnalyze(sql, recording.statements.at(-1)!)).join('\n');
  } finally {
    await recording.sql.end();
  }
}

describe('the inbox list', () => {
  it('lists newest first with a short one-line preview, and pages by keyset without skipping or repeating', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 4; page += 1) {
      const rows = await listInboxMessages(sql, { workspaceId: big, limit: 25, after });
      expect(rows).toHaveLength(25);
      seen.push(...rows.map((row) => row.id));
      after = rows.at(-1)!.id;
    }
    const [expected] = await sql<[{ ids: string[] }]>`
      select array_agg(id order by received_at desc, id desc) as ids from (select id, received_at from lead_messages where workspace_id = ${big} order by received_at desc, id desc limit 100) top`;
    expect(seen).toEqual(expected.ids);
    const [first] = await listInboxMessages(sql, { workspaceId: big, limit: 1 });
    expect(first!.preview.startsWith('Thanks, we would like a quote. More words.')).toBe(true);
    expect(first!.preview.length).toBe(INBOX_PREVIEW_MAX_CHARS);
    expect(first!.leadName).toEqual(expect.any(String));
  });

  it('filters by kind, campaign and sender or subject, in this workspace only', async () => {
    const ooo = await listInboxMessages(sql, { workspaceId: big, kind: 'out_of_office', limit: 50 });
    expect(ooo.every((row) => row.kind === 'out_of_office')).toBe(true);
    const rare = await listInboxMessages(sql, { workspaceId: big, campaignId: campaigns[3], limit: 200 });
    expect(rare).toHaveLength(MESSAGES / 1000);
    expect(rare.every((row) => row.campaignName === 'Rare')).toBe(true);
    const found = await listInboxMessages(sql, { workspaceId: big, search: 'QUOTE NUMBER 4242', limit: 50 });
    expect(found.map((row) => row.subject).sort()).toEqual(['Re: quote number 4242', ...Array.from({ length: 10 }, (_, i) => `Re: quote number 4242${i}`)].sort());
    expect(await listInboxMessages(sql, { workspaceId: big, search: '@customer12.example', limit: 200 })).toHaveLength(200);
    expect((await listInboxMessages(sql, { workspaceId: big, search: '@customer12.example', limit: 200, after: rare[0]!.id })).every((row) => row.fromAddress.endsWith('@customer12.example'))).toBe(true);
    // Sender and subject are joined only for the index: "example Re:" spans both and is no match.
    expect(await listInboxMessages(sql, { workspaceId: big, search: 'example Re:', limit: 5 })).toEqual([]);
    expect(await listInboxMessages(sql, { workspaceId: big, search: '%_%', limit: 5 })).toEqual([]);
    expect(await listInboxMessages(sql, { workspaceId: other, limit: 5 })).toEqual([]);
    expect(await listInboxMessages(sql, { workspaceId: other, campaignId: campaigns[0], limit: 5 })).toEqual([]);
    // Another workspace's message as a cursor pages after nothing.
    expect(await listInboxMessages(sql, { workspaceId: other, after: ooo[0]!.id, limit: 5 })).toEqual([]);
  });

  it('reads each page from an inbox index at 100,000 messages, never a scan of the table, however deep', async () => {
    const deep = (await listInboxMessages(sql, { workspaceId: big, limit: 200 })).at(-1)!.id;
    const cases: [InboxQuery, RegExp][] = [
      [{ workspaceId: big, limit: 51 }, /Index Scan Backward using lead_messages_inbox_idx/],
      [{ workspaceId: big, limit: 51, after: deep }, /Index Scan Backward using lead_messages_inbox_idx/],
      [{ workspaceId: big, limit: 51, kind: 'unsubscribe_request' }, /Index Scan Backward using lead_messages_inbox_kind_idx/],
      [{ workspaceId: big, limit: 51, campaignId: campaigns[3] }, /lead_messages_inbox_campaign_idx/],
      [{ workspaceId: big, limit: 51, campaignId: campaigns[0], kind: 'reply', after: deep }, /lead_messages_inbox_(campaign|kind)_idx/],
      [{ workspaceId: big, limit: 51, search: 'number 4242' }, /Bitmap Index Scan on lead_messages_inbox_search_idx/],
    ];
    for (const [query, index] of cases) {
      const plan = await planOf(query);
      expect(plan, JSON.stringify(query)).toMatch(index);
      expect(plan, JSON.stringify(query)).not.toMatch(/Seq Scan on lead_messages/);
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]);
      expect(ms, `${JSON.stringify(query)}\n${plan}`).toBeLessThan(250);
    }
  });

});
