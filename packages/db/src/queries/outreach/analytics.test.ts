import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import { TEST_MAILBOX_SETTINGS, type TestDatabase } from '../../testing/index.ts';
import { seedSentEmails } from '../../testing/sent-emails.ts';
import { createCampaign } from '../campaigns.ts';
import { addLeadMessage } from '../lead-messages.ts';
import { createMailbox } from '../mailboxes.ts';
import { addSuppression } from '../suppressions.ts';
import { availableSlug, createWorkspace } from '../workspaces.ts';
import { outreachAnalytics, type OutreachAnalyticsQuery, type OutreachAnalyticsRow } from './analytics.ts';

let database: TestDatabase;
let sql: Sql;
const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] as 'places'[] };

let workspaceA: string;
let plumbers: string;
let bakers: string;
let ann: string;
let bob: string;
let workspaceB: string;

const at = (iso: string) => new Date(iso);

async function workspaceWithCampaigns(name: string, campaignNames: string[]) {
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name), timeZone: 'America/Chicago' });
  const campaigns = [];
  for (const campaignName of campaignNames) {
    campaigns.push((await createCampaign(sql, { workspaceId: workspace.id, name: campaignName, timeZone: 'America/Chicago', target: TARGET, createdBy: null })).id);
  }
  return { workspaceId: workspace.id, campaigns };
}

async function mailbox(workspaceId: string, fromAddress: string): Promise<string> {
  const created = await createMailbox(sql, { ...TEST_MAILBOX_SETTINGS, fromAddress, workspaceId, createdBy: null });
  if (!created) throw new Error('mailbox not created');
  return created.id;
}

async function inbound(workspaceId: string, leadId: string, input: { sendId: string | null; kind: 'reply' | 'out_of_office' | 'unsubscribe_request'; receivedAt: Date; key: string }) {
  await addLeadMessage(sql, { workspaceId, leadId, sendId: input.sendId, direction: 'inbound', kind: input.kind, fromAddress: 'lead@leads.test', subject: 'Re', text: 'Hi', receivedAt: input.receivedAt, providerEventId: input.key });
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'analytics-test' });
  const a = await workspaceWithCampaigns('Analytics A', ['Plumbers', 'Bakers']);
  [workspaceA, plumbers, bakers] = [a.workspaceId, a.campaigns[0]!, a.campaigns[1]!];
  ann = await mailbox(workspaceA, 'ann@acme.test');
  bob = await mailbox(workspaceA, 'bob@acme.test');
  const first = { stepId: 'first', stepPosition: 0 };
  const second = { stepId: 'second', stepPosition: 2 };
  const { sendIds, leadIds } = await seedSentEmails(sql, {
    workspaceId: workspaceA,
    campaignId: plumbers,
    emails: [
      // 0: replied to by In-Reply-To.
      { lead: 'One', ...first, mailboxId: ann, sentAt: at('2026-03-02T15:00:00Z'), delivery: 'delivered' },
      // 1: 22:00 on 2 March in Chicago, already 3 March in UTC; a hard bounce.
      { lead: 'Two', ...first, mailboxId: ann, sentAt: at('2026-03-03T04:00:00Z'), delivery: 'bounced' },
      // 2: a complaint (it was delivered first).
      { lead: 'Three', ...first, mailboxId: bob, sentAt: at('2026-03-03T15:00:00Z'), delivery: 'complained' },
      // 3: One's follow-up; a reply naming no send counts for this, the latest email before it.
      { lead: 'One', ...second, mailboxId: ann, sentAt: at('2026-03-05T15:00:00Z'), delivery: 'delivered' },
      // 4: unsubscribed through its link.
      { lead: 'Four', ...first, mailboxId: bob, sentAt: at('2026-03-05T16:00:00Z'), delivery: 'delivered' },
      // 5: asked by reply to stop; an out-of-office first, which counts as nothing.
      { lead: 'Five', ...first, mailboxId: bob, sentAt: at('2026-03-05T17:00:00Z'), delivery: 'delivery_delayed' },
      // 6: still waiting to go: not sent, not counted.
      { lead: 'Six', ...first, mailboxId: null, sentAt: null },
      // 7: before the range; its late reply counts for nothing in the range.
      { lead: 'Seven', ...first, mailboxId: ann, sentAt: at('2026-02-20T15:00:00Z'), delivery: 'delivered' },
    ],
  });
  await inbound(workspaceA, leadIds.get('One')!, { sendId: sendIds[0]!, kind: 'reply', receivedAt: at('2026-03-04T10:00:00Z'), key: 'a-1' });
  // A second reply to the same email: still one email replied to.
  await inbound(workspaceA, leadIds.get('One')!, { sendId: sendIds[0]!, kind: 'reply', receivedAt: at('2026-03-04T11:00:00Z'), key: 'a-2' });
  await inbound(workspaceA, leadIds.get('One')!, { sendId: null, kind: 'reply', receivedAt: at('2026-03-06T10:00:00Z'), key: 'a-3' });
  await addSuppression(sql, { workspaceId: workspaceA, kind: 'email', value: 'four@leads.test', source: 'unsubscribe', sendId: sendIds[4]! });
  await sql`update suppressions set created_at = ${at('2026-03-06T10:00:00Z')} where workspace_id = ${workspaceA}`;
  await inbound(workspaceA, leadIds.get('Five')!, { sendId: sendIds[5]!, kind: 'out_of_office', receivedAt: at('2026-03-05T18:00:00Z'), key: 'a-4' });
  await inbound(workspaceA, leadIds.get('Five')!, { sendId: sendIds[5]!, kind: 'unsubscribe_request', receivedAt: at('2026-03-06T18:00:00Z'), key: 'a-5' });
  await inbound(workspaceA, leadIds.get('Seven')!, { sendId: sendIds[7]!, kind: 'reply', receivedAt: at('2026-03-03T18:00:00Z'), key: 'a-6' });
  // A manual suppression naming a send is not an unsubscribe.
  await addSuppression(sql, { workspaceId: workspaceA, kind: 'email', value: 'three@leads.test', source: 'complaint', sendId: sendIds[2]! });
  await seedSentEmails(sql, { workspaceId: workspaceA, campaignId: bakers, emails: [{ lead: 'Baker', ...first, mailboxId: bob, sentAt: at('2026-03-04T15:00:00Z'), delivery: 'delivered' }] });

  // Another workspace sending on the same days, from a mailbox with the same address.
  const b = await workspaceWithCampaigns('Analytics B', ['Plumbers']);
  workspaceB = b.workspaceId;
  const bMailbox = await mailbox(workspaceB, 'ann@acme.test');
  const other = await seedSentEmails(sql, {
    workspaceId: workspaceB,
    campaignId: b.campaigns[0]!,
    emails: [
      { lead: 'Other', ...first, mailboxId: bMailbox, sentAt: at('2026-03-02T15:00:00Z'), delivery: 'bounced' },
      { lead: 'Other', ...second, mailboxId: bMailbox, sentAt: at('2026-03-05T15:00:00Z'), delivery: 'delivered' },
    ],
  });
  await inbound(workspaceB, other.leadIds.get('Other')!, { sendId: other.sendIds[1]!, kind: 'reply', receivedAt: at('2026-03-05T20:00:00Z'), key: 'b-1' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

function query(overrides: Partial<OutreachAnalyticsQuery> = {}): Promise<OutreachAnalyticsRow[]> {
  return outreachAnalytics(sql, { workspaceId: workspaceA, campaignId: null, from: '2026-03-01', to: '2026-03-07', timeZone: 'America/Chicago', ...overrides });
}

/** A row as a short line: day, campaign, step, mailbox, then sent/delivered/bounced/complained/replied/unsubscribed. */
function line(row: OutreachAnalyticsRow): string {
  return [row.day, row.campaignName, `${row.stepId}@${row.stepPosition}`, row.mailboxAddress ?? '-', row.sent, row.delivered, row.bounced, row.complained, row.replied, row.unsubscribed].join(' ');
}

describe('outreach analytics', () => {
  it('counts each sent email by the day it went out, in the time zone, with what became of it', async () => {
    expect((await query()).map(line)).toEqual([
      '2026-03-02 Plumbers first@0 ann@acme.test 2 1 1 0 1 0',
      '2026-03-03 Plumbers first@0 bob@acme.test 1 1 0 1 0 0',
      '2026-03-04 Bakers first@0 bob@acme.test 1 1 0 0 0 0',
      '2026-03-05 Plumbers first@0 bob@acme.test 2 1 0 0 0 2',
      '2026-03-05 Plumbers second@2 ann@acme.test 1 1 0 0 1 0',
    ]);
  });

  it('reads days in the zone it is given', async () => {
    const utc = (await query({ timeZone: 'UTC' })).map(line);
    expect(utc.slice(0, 3)).toEqual([
      '2026-03-02 Plumbers first@0 ann@acme.test 1 1 0 0 1 0',
      '2026-03-03 Plumbers first@0 ann@acme.test 1 0 1 0 0 0',
      '2026-03-03 Plumbers first@0 bob@acme.test 1 1 0 1 0 0',
    ]);
  });

  it('keeps to the range, both ends included, in the zone', async () => {
    expect((await query({ from: '2026-03-03', to: '2026-03-04' })).map(line)).toEqual([
      '2026-03-03 Plumbers first@0 bob@acme.test 1 1 0 1 0 0',
      '2026-03-04 Bakers first@0 bob@acme.test 1 1 0 0 0 0',
    ]);
    expect(await query({ from: '2026-03-08', to: '2026-03-31' })).toEqual([]);
  });

  it('reads one campaign when asked', async () => {
    const rows = await query({ campaignId: bakers });
    expect(rows.map(line)).toEqual(['2026-03-04 Bakers first@0 bob@acme.test 1 1 0 0 0 0']);
    expect(rows[0]).toMatchObject({ campaignId: bakers, mailboxId: bob });
  });

  it("never counts another workspace's emails, nor shows its campaign to another", async () => {
    const rowsB = await outreachAnalytics(sql, { workspaceId: workspaceB, campaignId: null, from: '2026-03-01', to: '2026-03-07', timeZone: 'America/Chicago' });
    expect(rowsB.map(line)).toEqual(['2026-03-02 Plumbers first@0 ann@acme.test 1 0 1 0 0 0', '2026-03-05 Plumbers second@2 ann@acme.test 1 1 0 0 1 0']);
    expect(await outreachAnalytics(sql, { workspaceId: workspaceB, campaignId: plumbers, from: '2026-03-01', to: '2026-03-07', timeZone: 'UTC' })).toEqual([]);
    expect((await query()).every((row) => row.mailboxId === ann || row.mailboxId === bob)).toBe(true);
  });
});
