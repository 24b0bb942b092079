import { z } from 'zod';
import { ZOutreachCampaignIdSchema } from './campaign.schema.ts';

export const ZStartOutreachInputSchema = z.object({
  campaignId: ZOutreachCampaignIdSchema,
  // Starting sends real emails: the caller must have shown what it will do and been told yes.
  confirm: z.literal(true, { error: 'Confirm the start: it enrols the approved leads and sends their emails.' }),
});
export type TStartOutreachInputSchema = z.infer<typeof ZStartOutreachInputSchema>;
