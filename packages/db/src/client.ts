import postgres from 'postgres';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

/** The pool or a transaction: query functions take either, so their callers decide the transaction. */
export type Db = Sql | TransactionSql;

/** Runs `work` in the caller's transaction when given one, else in a new one. */
export async function inTransaction<T>(sql: Db, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
  if ('savepoint' in sql) return work(sql);
  return sql.begin((tx) => work(tx)) as Promise<T>;
}

export interface SqlOptions {
  /** Shown in pg_stat_activity, so an operator can tell the web, worker and scripts apart. */
  applicationName: string;
  max?: number;
  /**
   * Postgres cancels any statement that runs longer (error 57014). The web process sets a few
   * seconds, so a slow query made while serving a request cannot hold a pooled connection for long;
   * work that needs longer raises it for its own transaction with setLocalStatementTimeout.
   */
  statementTimeoutMs?: number;
  /** Seconds to wait for a connection; short for probes that retry themselves. */
  connectTimeoutS?: number;
  /**
   * Plan each statement for its own values. postgres.js prepares every query, and after five runs
   * Postgres may switch to one generic plan: for the lead table, whose searches and filters match
   * one lead or 50,000, that plan walks the whole workspace for a rare value (1.4 s, not 4 ms, at
   * 100,000 leads). The web sets it; re-planning costs well under a millisecond per query.
   */
  customPlans?: boolean;
  /**
   * Whether a new connection first reads the server's array types (postgres.js does by default). Probes
   * that only ask `select version()` turn it off: postgres.js runs that read outside any caller's promise,
   * so a server stopping during it becomes an unhandled rejection instead of the probe's error.
   */
  fetchTypes?: boolean;
}

// postgres.js waits longer after each failed connection attempt (up to 20 s by default) before the
// next; capped here so web, worker and the LISTEN relay are back within seconds of the database.
const MAX_RECONNECT_DELAY_S = 2;

/** Seconds before reconnect attempt `attempt`: 0.1, 0.2, 0.4 … then every MAX_RECONNECT_DELAY_S. */
export function reconnectDelayS(attempt: number): number {
  return Math.min(0.1 * 2 ** Math.max(0, attempt - 1), MAX_RECONNECT_DELAY_S);
}

/**
 * One postgres.js instance per process; callers pass it (or a transaction) to query functions.
 * Connections are opened per query as needed, so after an outage the next query simply reconnects.
 */
export function createSql(url: string, options: SqlOptions): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: options.connectTimeoutS ?? 10,
    backoff: reconnectDelayS,
    onnotice: () => {},
    fetch_types: options.fetchTypes ?? true,
    connection: {
      application_name: options.applicationName,
      ...(options.statementTimeoutMs !== undefined ? { statement_timeout: options.statementTimeoutMs } : {}),
      ...(options.customPlans ? { plan_cache_mode: 'force_custom_plan' } : {}),
    },
  });
}

/** Sets the statement timeout for the rest of this transaction only; 0 means none. */
export async function setLocalStatementTimeout(tx: TransactionSql, timeoutMs: number): Promise<void> {
  await tx`select set_config('statement_timeout', ${String(timeoutMs)}, true)`;
}

/** Postgres cancelled the statement (query_canceled): past the statement timeout, or an operator's cancel. */
export function isStatementTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'PostgresError' && code === '57014';
}

/** The same server's URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
