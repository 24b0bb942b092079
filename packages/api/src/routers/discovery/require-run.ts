import { NotFound } from '@switchboard/core';
import { getDiscoveryRun, type Sql, type TransactionSql } from '@switchboard/db';

export async function requireRun(sql: Sql | TransactionSql, workspaceId: string, runId: string) {
  const run = await getDiscoveryRun(sql, workspaceId, runId);
  if (!run) throw new NotFound('That discovery run does not exist in this workspace.');
  return run;
}
