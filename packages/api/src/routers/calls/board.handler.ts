import { callBudgetPauseReason, callBudgetState, CALL_STATUS_LABELS, FINAL_CALL_STATUSES, spendDay } from '@switchboard/core';
import { callBoard, callOutcomeCounts, callSpendByCampaignSince, campaignCallSpend, getSystemConfig, listCallSpendAlerts, workspaceCallSpendAlert, type BoardCall } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TCallBoardInputSchema } from './calls.schema.ts';

/** Calls each of the board's lists shows at most (live ones: the cap is far below it). */
export const CALL_BOARD_LIST_LIMIT = 50;
const SPEND_ALERTS_SHOWN = 7;
/** Campaigns the workspace board lists with today's spend at most. */
const CAMPAIGNS_SPENDING_SHOWN = 20;

/**
 * The live call board, for a campaign or the workspace: live calls with their status and when they
 * started, the workspace's slots used against the cap, the queue's depth, today's outcomes and the
 * latest ended calls, the queued calls due next, and today's spend (for the workspace, per campaign
 * too); for a campaign, its call budget and whether it stopped its calls.
 */
export async function boardHandler({ ctx, input }: { ctx: AuthedContext; input: TCallBoardInputSchema }) {
  const workspaceId = ctx.workspace.id;
  const campaignId = input.campaignId ?? null;
  const campaign = campaignId ? await requireCampaign(ctx.db, workspaceId, campaignId) : null;
  const now = new Date();
  const today = new Date(`${spendDay(now)}T00:00:00Z`);
  const [board, outcomes, config, spend, alerts, campaignsToday, alertThresholdUsd] = await Promise.all([
    callBoard(ctx.db, { workspaceId, campaignId, limit: CALL_BOARD_LIST_LIMIT }),
    callOutcomeCounts(ctx.db, { workspaceId, campaignId, since: today }),
    getSystemConfig(ctx.db),
    campaignId ? campaignCallSpend(ctx.db, workspaceId, campaignId) : null,
    campaignId ? [] : listCallSpendAlerts(ctx.db, workspaceId, SPEND_ALERTS_SHOWN),
    campaignId ? [] : callSpendByCampaignSince(ctx.db, { workspaceId, since: today, limit: CAMPAIGNS_SPENDING_SHOWN }),
    workspaceCallSpendAlert(ctx.db, workspaceId),
  ]);
  const shown = (call: BoardCall) => ({ ...call, statusLabel: CALL_STATUS_LABELS[call.status], startedAt: call.answeredAt ?? call.dialingAt });
  return {
    slots: { used: board.liveInWorkspace, cap: config.default_concurrency_cap },
    queued: board.queued,
    active: board.active.map(shown),
    recent: board.recent.map(shown),
    queuedNext: board.queuedNext,
    outcomesToday: Object.fromEntries(FINAL_CALL_STATUSES.map((status) => [status, outcomes.find((row) => row.status === status)?.count ?? 0])),
    /** What calls that ended today (UTC) cost, of the campaign or the workspace. */
    spentTodayUsd: outcomes.reduce((sum, row) => sum + row.costUsd, 0),
    campaignsToday,
    budget: spend && campaign ? campaignBudget(campaign.status, spend) : null,
    spendAlerts: alerts,
    /** The workspace's daily spend alert threshold (null: none). */
    spendAlertThresholdUsd: alertThresholdUsd,
  };
}

/** The campaign's budget and whether it stops its calls: when the worker paused the campaign for it, the reason says so. */
function campaignBudget(status: string, spend: { budgetUsd: number | null; spentUsd: number }) {
  const state = callBudgetState(spend.budgetUsd, spend.spentUsd);
  return { budgetUsd: spend.budgetUsd, spentUsd: spend.spentUsd, ...state, reason: callBudgetPauseReason(status, spend.budgetUsd, spend.spentUsd) ?? state.reason };
}
