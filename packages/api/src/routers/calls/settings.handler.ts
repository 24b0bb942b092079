import { DEFAULT_CALLING_WINDOW, NotFound, ZCallingWindow } from '@switchboard/core';
import { campaignCallSettings, releaseCallsHeldForCallingWindow, setCampaignCallSettings, setWorkspaceCallSpendAlert } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { announceCampaignChange } from '../campaigns/announce-change.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TCallSettingsInputSchema, TCampaignCallsInputSchema, TSpendAlertInputSchema } from './calls.schema.ts';

/** A campaign's call settings as the form shows them (the calling window read as core reads it: the default when none is stored). */
export async function callSettingsHandler({ ctx, input }: { ctx: AuthedContext; input: TCampaignCallsInputSchema }) {
  const settings = await campaignCallSettings(ctx.db, ctx.workspace.id, input.campaignId);
  if (!settings) throw new NotFound('That campaign does not exist in this workspace.');
  const stored = settings.callWindow === null ? null : ZCallingWindow.safeParse(settings.callWindow);
  return {
    assistantId: settings.assistantId,
    maxAttempts: settings.maxAttempts,
    spacingMinutes: settings.spacingMinutes,
    callWindow: stored?.success ? stored.data : { ...DEFAULT_CALLING_WINDOW, days: [...DEFAULT_CALLING_WINDOW.days] },
    budgetUsd: settings.budgetUsd,
  };
}

/** A campaign's call settings: its Vapi assistant, attempts and their spacing, calling window and call budget. */
export async function updateCallSettingsHandler({ ctx, input }: { ctx: AuthedContext; input: TCallSettingsInputSchema }) {
  const released = await ctx.db.begin(async (tx) => {
    const campaign = await requireCampaign(tx, ctx.workspace.id, input.campaignId);
    const { campaignId, ...settings } = input;
    const changed = await setCampaignCallSettings(tx, { workspaceId: ctx.workspace.id, campaignId, ...settings });
    if (!changed) throw new NotFound('That campaign does not exist in this workspace.');
    await recordAction(tx, ctx, { action: 'campaign.call_settings', targetType: 'campaign', targetId: campaignId, summary: { name: campaign.name, ...settings } });
    // Calls held back for the old window would otherwise wait for its next opening even when the new one is open now.
    return input.callWindow === undefined ? 0 : releaseCallsHeldForCallingWindow(tx, { workspaceId: ctx.workspace.id, campaignId });
  });
  // Its budget notice and call settings on the campaign's page and call board in other browsers follow.
  await announceCampaignChange(ctx, input.campaignId);
  if (released > 0) await ctx.enqueue('calls.tick', {}, { wakeUp: true });
  return { ok: true as const };
}

/** The workspace's daily call spend alert threshold (null: none). */
export async function setSpendAlertHandler({ ctx, input }: { ctx: AuthedContext; input: TSpendAlertInputSchema }) {
  await ctx.db.begin(async (tx) => {
    await setWorkspaceCallSpendAlert(tx, ctx.workspace.id, input.thresholdUsd);
    await recordAction(tx, ctx, { action: 'calls.spend_alert_threshold', targetType: 'workspace', targetId: ctx.workspace.id, summary: { thresholdUsd: input.thresholdUsd } });
  });
  return { thresholdUsd: input.thresholdUsd };
}
