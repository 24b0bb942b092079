import postgres from 'postgres';
import type { Sql } from '../client.ts';

export interface RecordedStatement {
  query: string;
  parameters: unknown[];
}

/**
 * A connection that keeps every statement it runs, so a test or the bench can call a query
 * function as the app does and then EXPLAIN exactly what it sent.
 */
export function createRecordingSql(url: string): { sql: Sql; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = [];
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, parameters) => {
      // postgres.js's own look-up of array types on a new connection is not the caller's.
      if (/\bpg_catalog\.pg_type\b|\bfrom pg_type\b/i.test(query)) return;
      statements.push({ query, parameters: [...(parameters as unknown[])] });
    },
  });
  return { sql, statements };
}

/** EXPLAIN ANALYZE of a recorded statement, as the plan's text lines. */
export async function explainAnalyze(sql: Sql, statement: RecordedStatement): Promise<string[]> {
  const rows = await sql.unsafe<{ 'QUERY PLAN': string }[]>(`explain (analyze, costs off) ${statement.query}`, statement.parameters as postgres.ParameterOrJSON<never>[]);
  return rows.map((row) => row['QUERY PLAN']);
}

/** The plan lines that say how leads were read (index and scan nodes) and the execution time. */
export function keyPlanLines(plan: readonly string[]): string[] {
  return plan.map((line) => line.trim().replace(/^->\s*/, '')).filter((line) => /Scan|Execution Time/.test(line) && !/^(Heap|Buffers)/.test(line));
}

/**
 * `run` on a recording connection to `url`, then EXPLAIN ANALYZE (on `sql`) of the statement it sent that
 * `pick` names (its last one by default), as one text: what a plan test asserts on.
 */
export async function planOfCall(url: string, sql: Sql, run: (recording: Sql) => Promise<unknown>, pick: RegExp = /[\s\S]/): Promise<string> {
  const recording = createRecordingSql(url);
  try {
    await run(recording.sql);
    const statement = recording.statements.findLast((candidate) => pick.test(candidate.query));
    if (!statement) throw new Error(`No statement matched ${pick}`);
    return (await explainAnalyze(sql, statement)).join('\n');
  } finally {
    await recording.sql.end();
  }
}
