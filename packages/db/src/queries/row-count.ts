import type postgres from 'postgres';
import type { Db } from '../client.ts';

export interface RowCount {
  count: number;
  /** False when `count` is an estimate: the page says "about 100,000". */
  exact: boolean;
}

interface PlanNode {
  'Plan Rows': number;
  'Node Type': string;
  Plans?: PlanNode[];
}

/** The planner's estimate of how many rows `rows` (a select) yields: planning only, nothing is read. */
export async function plannedRowCount(sql: Db, rows: postgres.Fragment): Promise<number> {
  const [plan]: [{ 'QUERY PLAN': [{ Plan: PlanNode }] }?] = await sql`explain (format json) ${rows}`;
  return plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0;
}

/** plannedRowCount of each select in one EXPLAIN (of their union: the Append's arms, in order). */
export async function plannedRowCounts(sql: Db, selects: readonly postgres.Fragment[]): Promise<number[]> {
  if (selects.length === 1) return [await plannedRowCount(sql, selects[0]!)];
  const [plan]: [{ 'QUERY PLAN': [{ Plan: PlanNode }] }?] = await sql`
    explain (format json) ${selects.map((select, index) => sql`${index > 0 ? sql`union all` : sql``} (${select})`)}`;
  const append = plan?.['QUERY PLAN'][0].Plan;
  if (append?.['Node Type'] === 'Append' && append.Plans?.length === selects.length) return append.Plans.map((arm) => arm['Plan Rows']);
  // A planner that folded the arms some other way: one EXPLAIN each.
  const counts: number[] = [];
  for (const select of selects) counts.push(await plannedRowCount(sql, select));
  return counts;
}

/**
 * How many rows `rows` (a `select 1 from … where …` fragment) yields, for a page heading, without
 * counting 100,000 rows on every load: the planner's row estimate (from the table's statistics;
 * planning only, nothing is read), or `estimated` when the caller knows better, and when that is not
 * clearly large, an exact count that stops after `exactUpTo` rows.
 */
export async function estimateRowCount(sql: Db, rows: postgres.Fragment, exactUpTo: number, estimated?: number): Promise<RowCount> {
  const estimate = Math.round(estimated ?? (await plannedRowCount(sql, rows)));
  // An estimate this far past the cap is taken as it is: counting to the cap would read that many
  // rows to learn only that there are more.
  if (estimate > 2 * exactUpTo) return { count: estimate, exact: false };
  const [counted]: [{ count: number }?] = await sql`select count(*)::int as count from (${rows} limit ${exactUpTo + 1}) capped`;
  const count = counted?.count ?? 0;
  if (count <= exactUpTo) return { count, exact: true };
  return { count: Math.max(estimate, count), exact: false };
}
