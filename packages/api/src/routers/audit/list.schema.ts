import { safeText } from '@switchboard/core';
import { z } from 'zod';

const day = z.iso.date({ error: 'Use a date like 2026-11-25.' });

export const ZListAuditInputSchema = z.object({
  actor: safeText().trim().max(320).optional(),
  action: safeText().trim().max(100).optional(),
  /** Inclusive, in UTC. */
  from: day.optional(),
  /** Inclusive, in UTC. */
  to: day.optional(),
  /** Paging cursor: the last entry id of the previous page. */
  cursor: safeText().regex(/^\d+$/).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type TListAuditInputSchema = z.infer<typeof ZListAuditInputSchema>;
