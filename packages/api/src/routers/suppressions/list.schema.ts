import { safeText, SUPPRESSION_SOURCE_NAMES, type SuppressionSource } from '@switchboard/core';
import { z } from 'zod';

export const ZListSuppressionsInputSchema = z.object({
  /** Part of an address or domain. */
  search: safeText().trim().max(320, { error: 'Search for at most 320 characters.' }).optional(),
  source: z.enum(SUPPRESSION_SOURCE_NAMES as [SuppressionSource, ...SuppressionSource[]], { error: `Source must be one of ${SUPPRESSION_SOURCE_NAMES.join(', ')}.` }).optional(),
  sort: z.enum(['newest', 'value'], { error: 'Sort by newest or value.' }).default('newest'),
  /** The last entry id of the previous page. */
  cursor: z.uuid({ error: 'The page cursor is not valid; go back to the first page.' }).optional(),
  limit: z.number().int().min(1).max(1000).default(50),
});
export type TListSuppressionsInputSchema = z.infer<typeof ZListSuppressionsInputSchema>;
