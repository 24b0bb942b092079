import { NotFound } from '@switchboard/core';
import { getLead, type Sql, type TransactionSql } from '@switchboard/db';

export async function requireLead(sql: Sql | TransactionSql, workspaceId: string, id: string) {
  const lead = await getLead(sql, workspaceId, id);
  if (!lead) throw new NotFound('That lead does not exist in this workspace.');
  return lead;
}
