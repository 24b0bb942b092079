import { resolveSystemConfig, type SystemConfig, type SystemConfigKey } from '@switchboard/core';
import type { Sql, TransactionSql } from '../client.ts';

export interface DatabaseInfo {
  /** e.g. "PostgreSQL 18.1" */
  version: string;
  serverVersionNum: number;
}

export async function getDatabaseInfo(sql: Sql): Promise<DatabaseInfo> {
  const [row]: [{ version: string; num: string }?] = await sql`
    select current_setting('server_version') as version, current_setting('server_version_num') as num`;
  if (!row) throw new Error('The database did not report its version');
  return { version: `PostgreSQL ${row.version.split(' ')[0]}`, serverVersionNum: Number(row.num) };
}

export async function getSystemConfig(sql: Sql | TransactionSql): Promise<SystemConfig> {
  const rows = await sql<{ key: string; value: unknown }[]>`select key, value from system_config`;
  return resolveSystemConfig(rows);
}

export async function setSystemConfigValue(sql: Sql | TransactionSql, key: SystemConfigKey, value: number): Promise<void> {
  await sql`
    insert into system_config (key, value, updated_at) values (${key}, ${sql.json(value)}, now())
    on conflict (key) do update set value = excluded.value, updated_at = now()`;
}
