import { Invalid } from '@switchboard/core';
import { listCampaignMailboxes, setCampaignMailboxes } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { announceCampaignChange } from '../campaigns/announce-change.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TCampaignMailboxesInputSchema, TSetCampaignMailboxesInputSchema } from './campaign-mailboxes.schema.ts';
import { requireMailbox } from './serialize.ts';

export async function campaignMailboxesHandler({ ctx, input }: { ctx: AuthedContext; input: TCampaignMailboxesInputSchema }) {
  await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  return listCampaignMailboxes(ctx.db, ctx.workspace.id, input.campaignId);
}

/** Replaces the campaign's rotation with these mailboxes, in this order. */
export async function setCampaignMailboxesHandler({ ctx, input }: { ctx: AuthedContext; input: TSetCampaignMailboxesInputSchema }) {
  const rotation = await ctx.db.begin(async (tx) => {
    const campaign = await requireCampaign(tx, ctx.workspace.id, input.campaignId);
    const chosen = [];
    for (const id of input.mailboxIds) {
      const mailbox = await requireMailbox(tx, ctx.workspace.id, id);
      if (mailbox.status === 'archived') throw new Invalid(`${mailbox.fromAddress} is archived and cannot send for a campaign.`);
      chosen.push(mailbox.fromAddress);
    }
    await setCampaignMailboxes(tx, ctx.workspace.id, input.campaignId, input.mailboxIds);
    await recordAction(tx, ctx, {
      action: 'campaign.set_mailboxes',
      targetType: 'campaign',
      targetId: input.campaignId,
      summary: { name: campaign.name, mailboxes: chosen },
    });
    return listCampaignMailboxes(tx, ctx.workspace.id, input.campaignId);
  });
  // Its outreach page in other browsers shows the new rotation.
  await announceCampaignChange(ctx, input.campaignId);
  return rotation;
}
