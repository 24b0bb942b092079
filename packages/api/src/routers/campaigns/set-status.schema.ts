import { CAMPAIGN_EVENTS } from '@switchboard/core';
import { z } from 'zod';

export const ZSetCampaignStatusInputSchema = z.object({
  id: z.uuid({ error: 'That is not a campaign id.' }),
  event: z.enum(CAMPAIGN_EVENTS),
});
export type TSetCampaignStatusInputSchema = z.infer<typeof ZSetCampaignStatusInputSchema>;
