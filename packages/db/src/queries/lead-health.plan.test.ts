// The Health page's reads and the refresh's walk at 100,000 engaged leads in one workspace (and as many
// sends in another): each page from a lead_health index, the counts from the status index alone, and
// the refresh reading the workspace's own outreach rows only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { planOfCall, seedBusyWorkspace, type TestDatabase } from '../testing/index.ts';
import { leadHealthSummary, listLeadHealth, readStaleRelationshipSignals, recordHealthRefresh } from './lead-health.ts';

const LEADS = 100_000;

let database: TestDatabase;
let sql: Sql;
let big: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'lead-health-plan-test' });
  ({ workspaceId: big } = await seedBusyWorkspace(sql, { name: 'Big health', count: LEADS, scored: true }));
  await sql`vacuum analyze`;
}, 240_000);

afterAll(async () => {
  await sql.end();
  await database.drop();
});

/** EXPLAIN ANALYZE of the statement a query function sent (the one `pick` names, else its last). */
const planOf = (run: (recording: Sql) => Promise<unknown>, pick?: RegExp) => planOfCall(database.url, sql, run, pick);

const executionMs = (plan: string) => Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]);

describe('relationship health at 100,000 engaged leads', () => {
  it('walks only the workspace’s own outreach rows, merged in lead id order, and stops at a batch', async () => {
    const started = Date.now();
    expect(await readStaleRelationshipSignals(sql, { workspaceId: big, afterLeadId: null, limit: 2_000, maxAgeHours: 24, now: new Date() })).toEqual([]);
    const freshWalkMs = Date.now() - started;
    const fresh = await planOf((recording) => readStaleRelationshipSignals(recording, { workspaceId: big, afterLeadId: null, limit: 2_000, maxAgeHours: 24, now: new Date() }));
    const [middle]: [{ leadId: string }?] = await sql`select lead_id as "leadId" from sends where workspace_id = ${big} order by lead_id offset ${LEADS / 2} limit 1`;
    // Every score stale (max age 0): one batch from the middle of the workspace.
    const batch = await planOf((recording) => readStaleRelationshipSignals(recording, { workspaceId: big, afterLeadId: middle!.leadId, limit: 2_000, maxAgeHours: 0, now: new Date() }));
    for (const plan of [fresh, batch]) {
      expect(plan).toMatch(/Unique[\s\S]*Merge Append[\s\S]*Index Only Scan using sends_health_idx[\s\S]*Index Only Scan using calls_health_idx[\s\S]*Index Only Scan using lead_messages_lead_idx/);
      expect(plan).not.toMatch(/Seq Scan|HashAggregate|on leads/);
    }
    // The batch reads its 2,000 leads (and what the merge looks ahead), not the 50,000 after the cursor.
    expect(Number(/Index Only Scan using sends_health_idx on sends \(actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+)/.exec(batch)?.[1])).toBeLessThanOrEqual(2_001);
    // Measured on 2 busy cores: 1.2-1.7 s for the whole fresh walk (a dozen index probes per lead), 35-80 ms a batch.
    expect(freshWalkMs, fresh).toBeLessThan(10_000);
    expect(executionMs(batch), batch).toBeLessThan(1_000);
  }, 60_000);

  it('reads each page of the list from a lead_health index, however deep, and counts statuses in tens of milliseconds', async () => {
    const deep = (await listLeadHealth(sql, { workspaceId: big, limit: 200 })).at(-1)!;
    const cases: [string, (recording: Sql) => Promise<unknown>, RegExp][] = [
      ['first page', (recording) => listLeadHealth(recording, { workspaceId: big, limit: 51 }), /Index Scan using lead_health_score_idx/],
      ['deep page', (recording) => listLeadHealth(recording, { workspaceId: big, limit: 51, after: { score: deep.score, leadId: deep.leadId } }), /Index Scan using lead_health_score_idx/],
      ['one status', (recording) => listLeadHealth(recording, { workspaceId: big, limit: 51, status: 'at_risk' }), /Index Scan using lead_health_status_score_idx/],
      ['one status, deep', (recording) => listLeadHealth(recording, { workspaceId: big, limit: 51, status: 'healthy', after: { score: 70, leadId: deep.leadId } }), /Index Scan using lead_health_status_score_idx/],
    ];
    for (const [name, run, index] of cases) {
      const plan = await planOf(run);
      expect(plan, name).toMatch(index);
      expect(plan, name).not.toMatch(/Seq Scan|Sort/);
      expect(executionMs(plan), `${name}\n${plan}`).toBeLessThan(250);
    }
    // The tiles' counts are stored by the refresh (recordHealthRefresh); a page load reads one row.
    const summaryPlan = await planOf((recording) => leadHealthSummary(recording, big), /workspace_health_refreshes/);
    expect(summaryPlan).toMatch(/workspace_health_refreshes_pkey|Seq Scan on workspace_health_refreshes/);
    expect(summaryPlan).not.toMatch(/lead_health/);
    await recordHealthRefresh(sql, { workspaceId: big, refreshedAt: new Date() });
    const summary = await leadHealthSummary(sql, big);
    expect(Object.values(summary.counts).reduce((sum, n) => sum + n, 0)).toBe(LEADS);
  });
});
