import { safeText } from '@switchboard/core';
import { z } from 'zod';

const day = z.iso.date({ error: 'Use a date like 2026-11-25.' });

export const ZListAuditInputSchema = z.object({
  actor: safeText().trim().max(320, { error: 'An actor is at most 320 characters.' }).optional(),
  action: safeText().trim().max(100, { error: 'An action is at most 100 characters.' }).optional(),
  /** Inclusive, in UTC. */
  from: day.optional(),
  /** Inclusive, in UTC. */
  to: day.optional(),
  /** Paging cursor: the last entry id of the previous page. */
  cursor: safeText().regex(/^\d{1,19}$/, { error: 'That page link is not valid; start from the first page.' }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type TListAuditInputSchema = z.infer<typeof ZListAuditInputSchema>;
