import { z } from 'zod';

export const ZOutreachCampaignIdSchema = z.uuid({ error: 'That is not a campaign id.' });

/** The campaign whose outreach is read: sequence, preview, start preview, board. */
export const ZOutreachCampaignInputSchema = z.object({ campaignId: ZOutreachCampaignIdSchema });
export type TOutreachCampaignInputSchema = z.infer<typeof ZOutreachCampaignInputSchema>;
