import { callBudgetState, callPhoneNumberId, canTransitionCampaign, Conflict, describeCallQueueBlockers } from '@switchboard/core';
import { callQueueFacts, campaignCallSpend, countCallableLeads, createKeyResolver, queueCampaignCalls, type Db } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import { currentSequence } from '../outreach/campaign-sequence.ts';
import type { TCampaignCallsInputSchema, TQueueCallsInputSchema } from './calls.schema.ts';

/** Calls one request queues at most; the rest are queued by asking again (the answer says whether more remain). */
export const CALLS_QUEUED_PER_REQUEST = 500;

/**
 * Queues a first call for each approved lead of the campaign with a phone number and no call in it
 * yet. Idempotent: each call's attempt key is unique, so asking twice queues nothing twice. The
 * scheduler places them under the cap, inside each callee's calling window, while the campaign is active.
 */
export async function queueCallsHandler({ ctx, input }: { ctx: AuthedContext; input: TQueueCallsInputSchema }) {
  // The workspace's own Vapi key names its number; the environment's key is VAPI_PHONE_NUMBER_ID.
  const ownKey = await createKeyResolver(ctx.db, ctx.masterKey, {})(ctx.workspace.id, 'vapi');
  const phoneNumberId = callPhoneNumberId({ workspaceKeyNumber: ownKey?.fields.phoneNumberId ?? null, environmentNumber: ctx.vapiPhoneNumberId ?? null });
  const result = await ctx.db.begin(async (tx) => {
    const campaign = await requireCampaign(tx, ctx.workspace.id, input.campaignId);
    // A completed or archived campaign never runs again: what it queued would wait, queued, for ever.
    if (!canTransitionCampaign(campaign.status, 'activate') && !canTransitionCampaign(campaign.status, 'pause')) {
      throw new Conflict(`“${campaign.name}” is ${campaign.status} and places no more calls, so none were queued.`);
    }
    const queued = await queueCampaignCalls(tx, { workspaceId: ctx.workspace.id, campaignId: input.campaignId, phoneNumberId, notBefore: new Date(), limit: CALLS_QUEUED_PER_REQUEST });
    if (queued.queued.length > 0) {
      await recordAction(tx, ctx, { action: 'calls.queue', targetType: 'campaign', targetId: input.campaignId, summary: { name: campaign.name, queued: queued.queued.length, more: queued.more } });
    }
    const spend = await campaignCallSpend(tx, ctx.workspace.id, input.campaignId);
    return { ...queued, campaignStatus: campaign.status, budgetOpen: spend ? callBudgetState(spend.budgetUsd, spend.spentUsd).open : true };
  });
  for (const call of result.queued) await ctx.publish(ctx.workspace.id, 'calls.changed', { callId: call.id, campaignId: input.campaignId, status: 'queued' });
  if (result.queued.length > 0) await ctx.enqueue('calls.tick', {}, { wakeUp: true });
  return {
    queued: result.queued.length,
    more: result.more,
    // Calls of a campaign that is not active wait in the queue until it is.
    waitsForActivation: result.campaignStatus !== 'active',
    // Its call budget ($0, or used up) lets none be placed: they wait for it to be raised.
    waitsForBudget: !result.budgetOpen,
    // Why nothing was queued, counted per reason: an empty queue is not "everyone has a call".
    notQueued: result.queued.length === 0 ? await notQueuedReasons(ctx.db, ctx.workspace.id, input.campaignId) : [],
  };
}

async function notQueuedReasons(db: Db, workspaceId: string, campaignId: string): Promise<string[]> {
  const [facts, { sequence }] = await Promise.all([callQueueFacts(db, { workspaceId, campaignId }), currentSequence(db, workspaceId, campaignId)]);
  return describeCallQueueBlockers(facts, { sequenceHasCallStep: sequence.steps.some((step) => step.type === 'call') });
}

/**
 * What "Queue calls" would do, for its confirmation: how many leads it would call now, counted up to
 * what one request queues (`more`: others wait for the next request). Asked only when the
 * confirmation opens: at 100,000 leads that all have a call the count reads every one of them.
 */
export async function queuePreviewHandler({ ctx, input }: { ctx: AuthedContext; input: TCampaignCallsInputSchema }) {
  await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  const callable = await countCallableLeads(ctx.db, { workspaceId: ctx.workspace.id, campaignId: input.campaignId, limit: CALLS_QUEUED_PER_REQUEST });
  const notQueued = callable.count === 0 ? await notQueuedReasons(ctx.db, ctx.workspace.id, input.campaignId) : [];
  return { ...callable, perRequest: CALLS_QUEUED_PER_REQUEST, notQueued };
}
