import type postgres from 'postgres';
import type { Db } from '../client.ts';

export interface RowCount {
  count: number;
  /** False when `count` is an estimate: the page says "about 100,000". */
  exact: boolean;
}

/** The planner's estimate of how many rows `rows` (a select) yields: planning only, nothing is read. */
export async function plannedRowCount(sql: Db, rows: postgres.Fragment): Promise<number> {
  const [plan]: [{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }?] = await sql`explain (format json) ${rows}`;
  return plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0;
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
