import { z } from 'zod';

export const ZGetCampaignInputSchema = z.object({ id: z.uuid({ error: 'That is not a campaign id.' }) });
export type TGetCampaignInputSchema = z.infer<typeof ZGetCampaignInputSchema>;
