import postgres from 'postgres';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

export interface SqlOptions {
  /** Shown in pg_stat_activity, so an operator can tell the web, worker and scripts apart. */
  applicationName: string;
  max?: number;
  /** Seconds to wait for a connection; short for probes that retry themselves. */
  connectTimeoutS?: number;
}

/** One postgres.js instance per process; callers pass it (or a transaction) to query functions. */
export function createSql(url: string, options: SqlOptions): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: options.connectTimeoutS ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName },
  });
}

/** The same server's URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
