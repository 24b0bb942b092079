import { campaignStatusesAllowing, Conflict, NotFound, transitionCampaign } from '@switchboard/core';
import { enrolApprovedLeads, markOutreachStarted, setCampaignSequence, setCampaignStatus } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { announceCampaignChange } from '../campaigns/announce-change.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import { outreachStartPlan } from './start-plan.ts';
import type { TStartOutreachInputSchema } from './start.schema.ts';

/**
 * Starts (or continues) the campaign's outreach: stores the default sequence if none was saved,
 * enrols the approved leads not enrolled yet and activates a draft or paused campaign, in one
 * transaction. The scheduler plans their first emails on its next tick.
 */
export async function startOutreachHandler({ ctx, input }: { ctx: AuthedContext; input: TStartOutreachInputSchema }) {
  const now = new Date();
  const plan = await outreachStartPlan(ctx, input.campaignId, now);
  if (plan.blockers.length > 0) throw new Conflict(`Outreach cannot start yet. ${plan.blockers.join(' ')}`);
  const started = await ctx.db.begin(async (tx) => {
    const campaign = await requireCampaign(tx, ctx.workspace.id, input.campaignId);
    let version = plan.version;
    if (!plan.stored) {
      const stored = await setCampaignSequence(tx, { workspaceId: ctx.workspace.id, campaignId: input.campaignId, sequence: plan.sequence, by: ctx.user.id });
      if (!stored) throw new NotFound('That campaign does not exist in this workspace.');
      version = stored.version;
    }
    const enrolled = await enrolApprovedLeads(tx, {
      workspaceId: ctx.workspace.id,
      campaignId: input.campaignId,
      enrolledBy: ctx.user.id,
      firstStepId: plan.sequence.steps[0]?.id ?? null,
      startAt: now,
      formLeads: plan.sequence.steps.some((step) => step.type === 'contact_form'),
    });
    let status = campaign.status;
    if (status !== 'active') {
      // Throws Invalid with the state machine's words for a completed or archived campaign.
      const to = transitionCampaign(status, 'activate');
      const updated = await setCampaignStatus(tx, ctx.workspace.id, input.campaignId, { from: campaignStatusesAllowing('activate'), to, by: ctx.user.id });
      if (!updated) throw new Conflict('Someone changed this campaign a moment ago; reload the page and try again.');
      status = to;
    }
    await markOutreachStarted(tx, { workspaceId: ctx.workspace.id, campaignId: input.campaignId, by: ctx.user.id });
    await recordAction(tx, ctx, {
      action: 'campaign.start_outreach',
      targetType: 'campaign',
      targetId: input.campaignId,
      summary: {
        name: campaign.name,
        enrolled: enrolled.length,
        withoutEmail: plan.counts.withoutEmail,
        mailboxes: plan.mailboxes.map((mailbox) => mailbox.fromAddress),
        sequenceVersion: version,
        from: campaign.status,
        to: status,
      },
    });
    return { enrolled: enrolled.length, status, sequenceVersion: version };
  });
  // The first emails are planned now, not at the scheduler's next minute (one tick serves every campaign).
  if (started.enrolled > 0) await ctx.enqueue('outreach.tick', {}, { wakeUp: true });
  await ctx.publish(ctx.workspace.id, 'outreach.changed', { campaignId: input.campaignId });
  // Started (and perhaps activated): the campaign's pages show its status and when outreach started.
  await announceCampaignChange(ctx, input.campaignId);
  if (started.enrolled > 0) await ctx.publish(ctx.workspace.id, 'leads.changed', { campaignId: input.campaignId, count: started.enrolled });
  return { ...started, estimate: plan.estimate };
}
