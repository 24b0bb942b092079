import { ZUpdateCampaignInput } from '@switchboard/core';
import { z } from 'zod';

/** Only the fields given change. */
export const ZUpdateCampaignInputSchema = ZUpdateCampaignInput.extend({ id: z.uuid({ error: 'That is not a campaign id.' }) });
export type TUpdateCampaignInputSchema = z.infer<typeof ZUpdateCampaignInputSchema>;
