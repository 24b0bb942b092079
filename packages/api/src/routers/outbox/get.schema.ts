import { z } from 'zod';

export const ZGetOutboxEmailInputSchema = z.object({ id: z.uuid({ error: 'That is not an outbox email id.' }) });
export type TGetOutboxEmailInputSchema = z.infer<typeof ZGetOutboxEmailInputSchema>;

export const ZCampaignOutboxInputSchema = z.object({ page: z.number().int().min(1).max(10_000).default(1) }).default({ page: 1 });
export type TCampaignOutboxInputSchema = z.infer<typeof ZCampaignOutboxInputSchema>;
