import { z } from 'zod';
import { ZOutreachCampaignIdSchema } from './campaign.schema.ts';

export const ZEnrolledLeadsInputSchema = z.object({ campaignId: ZOutreachCampaignIdSchema, page: z.number().int().min(1).max(10_000).default(1) });
export type TEnrolledLeadsInputSchema = z.infer<typeof ZEnrolledLeadsInputSchema>;
