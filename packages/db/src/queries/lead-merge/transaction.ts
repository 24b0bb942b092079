// Merges and rescores run in the caller's transaction when given one, and take the same per-workspace lock.
import type { TransactionSql } from '../../client.ts';

/**
 * Serialises merges and whole-campaign rescores per workspace: two merges at once could both insert
 * the same business, and a merge that read a campaign's old weights must not write after a rescore.
 */
export async function lockWorkspaceLeads(tx: TransactionSql, workspaceId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`switchboard.leads:${workspaceId}`}, 0))`;
}
