import { safeText } from '@switchboard/core';
import { z } from 'zod';
import { LEAD_SORTS, ZLeadFilterSchema } from './filter.schema.ts';

export const ZListLeadsInputSchema = ZLeadFilterSchema.extend({
  sort: z.enum(LEAD_SORTS).default('score_desc'),
  limit: z.number().int().min(1).max(500).default(50),
  /** Opaque paging cursor from the previous page. */
  cursor: safeText().max(500).optional(),
});
export type TListLeadsInputSchema = z.infer<typeof ZListLeadsInputSchema>;
