import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrefix, testServerUrl } from '../../../../tests/database.ts';
import { createDatabase, dropDatabase } from '../admin/index.ts';
import { createSql, withDatabase, type Sql } from '../client.ts';
import { createCampaign } from '../queries/campaigns.ts';
import { outreachAnalytics } from '../queries/outreach/analytics.ts';
import { addSuppression } from '../queries/suppressions.ts';
import { availableSlug, createWorkspace } from '../queries/workspaces.ts';
import { countOutreachAnalyticsLive, seedSentEmails } from '../testing/index.ts';
import { migrateBefore } from './migrate-before.testing.ts';
import { migrate } from './migrate.ts';

// An installation from before the Analytics page's counts were stored, with emails sent, answered and unsubscribed.
const databaseName = `${runPrefix()}_analytics_counts`;
let sql: Sql;
const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] as 'places'[] };

beforeAll(async () => {
  await createDatabase(testServerUrl(), databaseName);
  sql = createSql(withDatabase(testServerUrl(), databaseName), { applicationName: 'analytics-counts-backfill-test', max: 2 });
});

afterAll(async () => {
  await sql.end();
  await dropDatabase(testServerUrl(), databaseName);
});

describe('the stored analytics counts migration', () => {
  it('counts the emails already sent, with the replies and unsubscribes already recorded, as the live count did', async () => {
    await migrateBefore(sql, '_outreach_analytics_counts.sql');
    const workspace = await createWorkspace(sql, { name: 'Backfill', slug: await availableSlug(sql, 'Backfill') });
    const campaign = await createCampaign(sql, { workspaceId: workspace.id, name: 'Plumbers', timeZone: 'UTC', target: TARGET, createdBy: null });
    const hours = [0, 3, 18, 19, 21, 23];
    const { sendIds, leadIds } = await seedSentEmails(sql, {
      workspaceId: workspace.id,
      campaignId: campaign.id,
      emails: Array.from({ length: 24 }, (_, index) => ({
        lead: `L${index % 8}`,
        stepId: `step-${Math.floor(index / 8)}`,
        stepPosition: Math.floor(index / 8),
        sentAt: new Date(Date.UTC(2026, 2, 1 + Math.floor(index / 8) * 3, hours[index % 6]!, (index * 15) % 60)),
        delivery: index % 5 === 0 ? ('bounced' as const) : ('delivered' as const),
      })),
    });
    // Written as the schema before the migration has them (today's addLeadMessage writes columns added after it).
    const reply = (leadId: string, sendId: string | null, kind: 'reply' | 'unsubscribe_request', key: string) => sql`
      insert into lead_messages (workspace_id, lead_id, send_id, campaign_id, direction, kind, from_address, subject, text, received_at, provider_event_id)
      values (${workspace.id}, ${leadId}, ${sendId}, (select campaign_id from sends where id = ${sendId}), 'inbound', ${kind}, 'lead@leads.test', 'Re', 'Hi',
              ${new Date('2026-03-20T00:00:00Z')}, ${key})`;
    await reply(leadIds.get('L0')!, sendIds[0]!, 'reply', 'b-1');
    await reply(leadIds.get('L1')!, null, 'reply', 'b-2');
    await reply(leadIds.get('L2')!, null, 'unsubscribe_request', 'b-3');
    await addSuppression(sql, { workspaceId: workspace.id, kind: 'email', value: 'l3@leads.test', source: 'unsubscribe', sendId: sendIds[3]! });

    await migrate(sql);
    const answered: number[] = [];
    for (const timeZone of ['UTC', 'Asia/Kolkata', 'America/St_Johns']) {
      const query = { workspaceId: workspace.id, campaignId: null, from: '2026-03-01', to: '2026-03-10', timeZone };
      const stored = await outreachAnalytics(sql, query);
      expect(stored).toEqual(await countOutreachAnalyticsLive(sql, query));
      answered.push(stored.reduce((sum, row) => sum + row.replied + row.unsubscribed, 0));
    }
    // The first email went at midnight UTC: the evening before in St John's, outside the range.
    expect(answered).toEqual([4, 4, 3]);
  });
});
