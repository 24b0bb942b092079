import { safeText } from '@switchboard/core';
import { z } from 'zod';
import { ZLeadFilterSchema } from './filter.schema.ts';

/** The review queue is always pending leads, best first; these narrow it. */
export const ZReviewQueueInputSchema = ZLeadFilterSchema.omit({ status: true }).extend({
  limit: z.number().int().min(1).max(100).default(25),
  cursor: safeText().max(500).optional(),
});
export type TReviewQueueInputSchema = z.infer<typeof ZReviewQueueInputSchema>;
