import { NotFound } from '@switchboard/core';
import { getLead, leadExists, type Sql, type TransactionSql } from '@switchboard/db';

const NOT_FOUND = 'That lead does not exist in this workspace.';

export async function requireLead(sql: Sql | TransactionSql, workspaceId: string, id: string) {
  const lead = await getLead(sql, workspaceId, id);
  if (!lead) throw new NotFound(NOT_FOUND);
  return lead;
}

/** The same check for a procedure that reads something else of the lead: the lead itself (its sources, contacts) is not loaded. */
export async function requireLeadExists(sql: Sql | TransactionSql, workspaceId: string, id: string): Promise<void> {
  if (!(await leadExists(sql, workspaceId, id))) throw new NotFound(NOT_FOUND);
}
