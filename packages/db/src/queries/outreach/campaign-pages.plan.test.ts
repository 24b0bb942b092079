// The campaign pages' reads at 20,000 enrolled leads (about 40,000 sends) in one campaign, and a few in
// another workspace: the enrolled-leads page read from its index whatever page is asked, the call spend
// from its index alone, and the board's step counts from their stored rows, without hashing every send (see bench/more-pages.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import { planOfCall, seedBusyWorkspace, type TestDatabase } from '../../testing/index.ts';
import { campaignCallSpend } from '../call-board.ts';
import { countSendsByStep } from './sends.ts';
import { listCampaignEnrolments } from './timeline.ts';

const LEADS = 20_000;
const PAGE = 25;

let database: TestDatabase;
let sql: Sql;
let workspaceId: string;
let campaignId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'campaign-pages-plan-test' });
  ({ workspaceId, campaignId } = await seedBusyWorkspace(sql, { name: 'Big campaign', count: LEADS, emailsPerLead: 3 }));
  // Ended calls are priced.
  await sql`update calls set cost_usd = 0.15 where status in ('completed', 'no_answer')`;
  await sql`vacuum analyze`;
}, 120_000);

afterAll(async () => {
  await sql.end();
  await database.drop();
});

/** EXPLAIN ANALYZE of the statement a query function sent (the one `pick` names, else its last). */
const planOf = (run: (recording: Sql) => Promise<unknown>, pick?: RegExp) => planOfCall(database.url, sql, run, pick);

describe(`campaign pages at ${LEADS} enrolled leads`, () => {
  it('reads a deep page of enrolled leads from the activity index, joining only the rows shown', async () => {
    const page = { workspaceId, campaignId, limit: PAGE, offset: PAGE * 19 };
    const { rows, total } = await listCampaignEnrolments(sql, page);
    expect(rows).toHaveLength(PAGE);
    expect(total).toBe(LEADS);
    const plan = await planOf((recording) => listCampaignEnrolments(recording, page), /order by updated_at desc/);
    expect(plan).toMatch(/Index Only Scan using enrolments_campaign_activity_idx/);
    expect(plan).not.toMatch(/Seq Scan/);
    // The lead of each row shown, not of every row skipped.
    expect(plan).toMatch(new RegExp(`Index Scan using leads_pkey on leads l \\(actual time=[\\d.]+\\.\\.[\\d.]+ rows=1\\.00 loops=${PAGE}\\)`));
  });

  it('sums the campaign’s call spend from its index alone', async () => {
    const spend = await campaignCallSpend(sql, workspaceId, campaignId);
    const [expected]: [{ sum: number }?] = await sql`select coalesce(sum(cost_usd), 0)::float8 as sum from calls where campaign_id = ${campaignId}`;
    expect(spend?.spentUsd).toBeCloseTo(expected!.sum, 2);
    const plan = await planOf((recording) => campaignCallSpend(recording, workspaceId, campaignId));
    expect(plan).toMatch(/Index Only Scan using calls_campaign_spend_idx/);
    expect(plan).not.toMatch(/Seq Scan on calls/);
  });

  it('reads the board’s step counts from their stored row per step, and does not hash every send to find the stopped leads’ last ones', async () => {
    const steps = await countSendsByStep(sql, workspaceId, campaignId);
    const [{ sends }] = (await sql`select count(*)::int as sends from sends where campaign_id = ${campaignId}`) as unknown as [{ sends: number }];
    expect(steps.reduce((sum, step) => sum + step.sent, 0)).toBe(sends);
    const plan = await planOf((recording) => countSendsByStep(recording, workspaceId, campaignId));
    expect(plan).not.toMatch(/Hash Cond: \(\(SubPlan|Hash Right Join/);
    expect(plan).toMatch(/on campaign_send_counts/);
    expect(plan).not.toMatch(/sends_campaign_step_idx|Seq Scan on sends/);
  });
});
