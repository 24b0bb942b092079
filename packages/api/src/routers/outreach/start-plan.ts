import { canTransitionCampaign, combinedSendWindow, MAILBOX_LIMIT_WINDOW_MS, sendWindowFromStored, summariseOutreachStart } from '@switchboard/core';
import { describeStepLint, lintSequence } from '@switchboard/core/templates';
import { campaignCallSettings, countEnrolableLeads, mailboxSlotTimes } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import { effectiveProviders } from '../system/providers.ts';
import { currentSequence } from './campaign-sequence.ts';
import { rotationOf } from './campaign-mailboxes.ts';

/**
 * What starting the campaign's outreach would do, and what stops it: the confirmation shows this,
 * and the start refuses while any blocker remains.
 */
export async function outreachStartPlan(ctx: AuthedContext, campaignId: string, now: Date) {
  const campaign = await requireCampaign(ctx.db, ctx.workspace.id, campaignId);
  const [current, counts, rotation] = await Promise.all([
    currentSequence(ctx.db, ctx.workspace.id, campaignId),
    countEnrolableLeads(ctx.db, ctx.workspace.id, campaignId),
    rotationOf(ctx, campaignId),
  ]);
  const blockers: string[] = [];
  const startable = campaign.status === 'active' || canTransitionCampaign(campaign.status, 'activate');
  if (!startable) blockers.push(`The campaign is ${campaign.status}: outreach runs only for a draft, paused or active campaign.`);
  if (rotation.length === 0) blockers.push('Choose at least one mailbox to send from.');
  for (const mailbox of rotation) {
    if (mailbox.blockers.length > 0) blockers.push(`${mailbox.fromAddress} cannot send: ${mailbox.blockers.join('; ')}.`);
  }
  blockers.push(...lintSequence(current.sequence).flatMap(describeStepLint));
  if (!current.sequence.steps.some((step) => step.type === 'email' || step.type === 'contact_form')) blockers.push('The sequence has no email or contact form step.');
  if (current.sequence.steps.some((step) => step.type === 'call')) blockers.push(...(await callStepBlockers(ctx, campaignId)));
  // Leads with only a contact form join when a contact form step can reach them.
  const formLeads = current.sequence.steps.some((step) => step.type === 'contact_form') ? counts.formOnly : 0;
  // Starting again is how newly approved leads join; with none waiting it would only resume a paused campaign.
  if (counts.enrolable + formLeads === 0 && (counts.enrolled === 0 || campaign.status === 'active')) {
    blockers.push(
      counts.enrolled === 0
        ? 'No approved lead with an email address to enrol: approve leads in review first.'
        : 'Every approved lead with an email address is already in the sequence.',
    );
  }
  const usable = rotation.filter((mailbox) => mailbox.blockers.length === 0);
  const window = combinedSendWindow(usable.map(sendWindowFromStored).filter((open) => open !== null));
  // Today's sends (any campaign's) already use up part of each mailbox's limits.
  const sentAt = await mailboxSlotTimes(ctx.db, ctx.workspace.id, usable.map((mailbox) => mailbox.id), new Date(now.getTime() - MAILBOX_LIMIT_WINDOW_MS.day));
  const summary = summariseOutreachStart({
    sequence: current.sequence,
    emailLeads: counts.enrolable,
    formOnlyLeads: formLeads,
    withoutPhone: formLeads > 0 ? counts.withoutPhone : counts.withEmailWithoutPhone,
    mailboxes: usable.map((mailbox) => ({ perMinute: mailbox.limitPerMinute, perHour: mailbox.limitPerHour, perDay: mailbox.limitPerDay, sentAt: sentAt.get(mailbox.id) ?? [] })),
    window,
    timeZone: campaign.timeZone,
    now,
  });
  return {
    campaign,
    ...current,
    counts,
    mailboxes: rotation.map((mailbox) => ({ id: mailbox.id, fromName: mailbox.fromName, fromAddress: mailbox.fromAddress, status: mailbox.status, blockers: mailbox.blockers })),
    blockers,
    estimate: summary.headline,
    /** What may follow the first sends, and the contact forms: a sentence each. */
    outlook: summary.details,
    followUps: summary.followUps,
    finishesAt: summary.firstEmailsFinishAt?.toISOString() ?? null,
    activates: campaign.status !== 'active' && startable,
  };
}

/** The plan as the API answers it (no campaign row, no sequence document). */
export async function startPreviewHandler({ ctx, input }: { ctx: AuthedContext; input: { campaignId: string } }) {
  const { campaign, sequence, ...plan } = await outreachStartPlan(ctx, input.campaignId, new Date());
  return {
    ...plan,
    campaignStatus: campaign.status,
    emailSteps: sequence.steps.filter((step) => step.type === 'email').length,
    contactFormSteps: sequence.steps.filter((step) => step.type === 'contact_form').length,
  };
}

/**
 * A call step needs someone to place its calls: Vapi with an assistant set (without one every call would
 * fail unplaced and read as not answered), or the sandbox caller, which plays its own assistant.
 */
async function callStepBlockers(ctx: AuthedContext, campaignId: string): Promise<string[]> {
  const voice = (await effectiveProviders(ctx)).find((status) => status.provider === 'voice');
  if (!voice || voice.mode === 'unavailable') return ['The sequence has a call step, but voice calls are unavailable here: add a Vapi key, or run with the sandbox caller (pnpm start does).'];
  if (voice.mode === 'sandbox') return [];
  const settings = await campaignCallSettings(ctx.db, ctx.workspace.id, campaignId);
  return settings?.assistantId ? [] : ["The sequence has a call step, but the campaign has no Vapi assistant: set one in the campaign's call settings."];
}
