import { ZCreateCampaignInput } from '@switchboard/core';
import type { z } from 'zod';

/** The campaign rules live in core; the API takes them as they are. */
export const ZCreateCampaignInputSchema = ZCreateCampaignInput;
export type TCreateCampaignInputSchema = z.infer<typeof ZCreateCampaignInputSchema>;
