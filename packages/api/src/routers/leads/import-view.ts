import { NotFound } from '@switchboard/core';
import { findLeadImport, type Db, type LeadImport } from '@switchboard/db';

/** What the import page shows of an import (not who uploaded it from where). */
export function importView(found: LeadImport) {
  return {
    id: found.id,
    fileName: found.fileName,
    status: found.status,
    bytes: found.bytes,
    campaignId: found.campaignId,
    rowsRead: found.rowsRead,
    staged: found.stagedAt !== null,
    mergedThroughRow: found.mergedThroughRow,
    inserted: found.inserted,
    merged: found.merged,
    unchanged: found.unchanged,
    possibleDuplicates: found.possibleDuplicates,
    queuedForReview: found.queuedForReview,
    rejected: found.rejected,
    failure: found.failure,
    createdAt: found.createdAt,
    startedAt: found.startedAt,
    finishedAt: found.finishedAt,
  };
}

/** The import, or NotFound when it is not in this workspace (another workspace's ids look missing). */
export async function requireLeadImport(sql: Db, workspaceId: string, importId: string): Promise<LeadImport> {
  const found = await findLeadImport(sql, workspaceId, importId);
  if (!found) throw new NotFound('That import does not exist in this workspace.');
  return found;
}
