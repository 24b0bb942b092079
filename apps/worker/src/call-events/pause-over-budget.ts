// A campaign pauses itself when its calls' cost reaches its call budget: run in the transaction that
// stored a call's cost (the end-of-call report), so the pause commits with the spend that caused it.
import { callBudgetPausesCampaign, campaignStatusesAllowing, transitionCampaign } from '@switchboard/core';
import { appendAudit, campaignCallSpend, setCampaignStatus, type TransactionSql } from '@switchboard/db';

/**
 * Pauses the campaign (active → paused) when its calls have cost its budget (a $0 budget only keeps
 * its calls off: it pauses nothing), and records it as
 * "system". Returns whether this call paused it: the status guard lets one worker win when several
 * reports land at once; the campaign row is locked first so concurrent reports see each other's cost.
 * FOR NO KEY UPDATE, not FOR UPDATE: the report's own writes hold KEY SHARE locks on the campaign (its
 * foreign keys), which FOR UPDATE waits on, so two reports landing together deadlocked.
 */
export async function pauseCampaignOverCallBudget(tx: TransactionSql, workspaceId: string, campaignId: string): Promise<boolean> {
  const [campaign]: [{ status: string }?] = await tx`select status from campaigns where workspace_id = ${workspaceId} and id = ${campaignId} for no key update`;
  if (campaign?.status !== 'active') return false;
  const spend = await campaignCallSpend(tx, workspaceId, campaignId);
  if (!spend || !callBudgetPausesCampaign(spend.budgetUsd, spend.spentUsd)) return false;
  const paused = await setCampaignStatus(tx, workspaceId, campaignId, { from: campaignStatusesAllowing('pause'), to: transitionCampaign('active', 'pause'), by: null });
  if (!paused) return false;
  // The api's audit helper records what a signed-in member did; this pause is no one's, so the worker
  // appends it itself, as "system", in the transaction that paused the campaign (same action as a manual pause).
  await appendAudit(tx, {
    workspaceId,
    actorUserId: null,
    actorLabel: 'system',
    action: 'campaign.pause',
    targetType: 'campaign',
    targetId: campaignId,
    summary: { name: paused.name, from: 'active', to: 'paused', reason: 'call budget reached', budgetUsd: spend.budgetUsd, spentUsd: spend.spentUsd },
  });
  return true;
}
