import { RELATIONSHIP_HEALTH_STATUSES, safeText } from '@switchboard/core';
import { z } from 'zod';

/** A page cursor: the last row's score, then its lead id (the keyset of the worst-first order). */
const CURSOR = /^(\d{1,3})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const BAD_CURSOR = 'That page link is not valid; start from the first page.';

/** The cursor that pages after `row`: opaque to the caller, read back by the schema below. */
export function healthCursor(row: { score: number; leadId: string }): string {
  return `${row.score}.${row.leadId}`;
}

export const ZListHealthInputSchema = z.object({
  status: z.enum(RELATIONSHIP_HEALTH_STATUSES, { error: 'That is not a health status.' }).optional(),
  limit: z.number({ error: 'The page size must be a number.' }).int({ error: 'The page size must be a whole number.' }).min(1, { error: 'The page size must be at least 1.' }).max(100, { error: 'The page size can be at most 100.' }).default(50),
  /** The previous page's `nextCursor`. */
  cursor: safeText()
    .regex(CURSOR, { error: BAD_CURSOR })
    .transform((cursor, context) => {
      const [, score, leadId] = CURSOR.exec(cursor)!;
      if (Number(score) > 100) {
        context.addIssue({ code: 'custom', message: BAD_CURSOR });
        return z.NEVER;
      }
      return { score: Number(score), leadId: leadId! };
    })
    .optional(),
});
export type TListHealthInputSchema = z.infer<typeof ZListHealthInputSchema>;
