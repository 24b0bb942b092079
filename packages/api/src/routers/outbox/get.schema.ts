import { z } from 'zod';

export const ZGetOutboxEmailInputSchema = z.object({ id: z.uuid({ error: 'That is not an outbox email id.' }) });
export type TGetOutboxEmailInputSchema = z.infer<typeof ZGetOutboxEmailInputSchema>;

/**
 * Offset paging reads every skipped row, so the list is bounded: its pages reach the newest
 * CAMPAIGN_OUTBOX_MAX_PAGE × page size emails (10,000), each page an index range scan of at most that many.
 */
export const CAMPAIGN_OUTBOX_MAX_PAGE = 200;

export const ZCampaignOutboxInputSchema = z
  .object({ page: z.number().int().min(1).max(CAMPAIGN_OUTBOX_MAX_PAGE, { error: `The outbox lists its newest emails, ${CAMPAIGN_OUTBOX_MAX_PAGE} pages at most.` }).default(1) })
  .default({ page: 1 });
export type TCampaignOutboxInputSchema = z.infer<typeof ZCampaignOutboxInputSchema>;
