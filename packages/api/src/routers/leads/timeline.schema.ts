import { z } from 'zod';

export const ZLeadTimelineInputSchema = z.object({
  id: z.uuid({ error: 'That is not a lead id.' }),
  /** Only this campaign's sends (and replies to them, or to no known send). */
  campaignId: z.uuid({ error: 'That is not a campaign id.' }).optional(),
});
export type TLeadTimelineInputSchema = z.infer<typeof ZLeadTimelineInputSchema>;
