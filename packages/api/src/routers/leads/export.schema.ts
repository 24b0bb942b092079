import { safeText } from '@switchboard/core';
import { z } from 'zod';
import { LEAD_SORTS, ZLeadFilterSchema } from './filter.schema.ts';

/** A batch of the CSV export: the table's filters and order, bigger pages, no count. */
export const ZExportLeadsInputSchema = ZLeadFilterSchema.extend({
  sort: z.enum(LEAD_SORTS).default('score_desc'),
  limit: z.number().int().min(1).max(1000).default(500),
  cursor: safeText().max(500).optional(),
});
export type TExportLeadsInputSchema = z.infer<typeof ZExportLeadsInputSchema>;
