import { NotFound } from '@switchboard/core';
import { getCampaign, type Sql, type TransactionSql } from '@switchboard/db';

/** The campaign, or NotFound when it is not in this workspace (another workspace's ids look missing). */
export async function requireCampaign(sql: Sql | TransactionSql, workspaceId: string, id: string) {
  const campaign = await getCampaign(sql, workspaceId, id);
  if (!campaign) throw new NotFound('That campaign does not exist in this workspace.');
  return campaign;
}
