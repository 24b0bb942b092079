import { z } from 'zod';
import { ZMailboxIdSchema } from './get.schema.ts';

const ZCampaignId = z.uuid({ error: 'That is not a campaign id.' });

export const ZCampaignMailboxesInputSchema = z.object({ campaignId: ZCampaignId });
export type TCampaignMailboxesInputSchema = z.infer<typeof ZCampaignMailboxesInputSchema>;

/** The rotation in order; the first mailbox sends first. */
export const ZSetCampaignMailboxesInputSchema = z.object({
  campaignId: ZCampaignId,
  mailboxIds: z
    .array(ZMailboxIdSchema)
    .max(50, { error: 'A campaign can rotate across at most 50 mailboxes.' })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'Each mailbox can be in the rotation once.' }),
});
export type TSetCampaignMailboxesInputSchema = z.infer<typeof ZSetCampaignMailboxesInputSchema>;
