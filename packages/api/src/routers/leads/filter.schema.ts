import { LEAD_CONFIDENCES, LEAD_STATUSES, safeText } from '@switchboard/core';
import { LEAD_SORTS } from '@switchboard/db';
import { z } from 'zod';

const score = z.number().int().min(0, { error: 'Scores run from 0 to 100.' }).max(100, { error: 'Scores run from 0 to 100.' });
const text = safeText().trim().max(200);

/** Which leads: the same filter drives the table, the review queue, bulk actions and the CSV export. */
export const ZLeadFilterSchema = z.object({
  campaignId: z.uuid({ error: 'That is not a campaign id.' }).optional(),
  status: z.array(z.enum(LEAD_STATUSES, { error: 'That is not a lead status.' })).max(LEAD_STATUSES.length).optional(),
  minScore: score.optional(),
  maxScore: score.optional(),
  city: text.optional(),
  category: text.optional(),
  /** Name, domain or phone contains this. */
  search: text.optional(),
  confidence: z.enum(LEAD_CONFIDENCES, { error: `Confidence is one of ${LEAD_CONFIDENCES.join(', ')}.` }).optional(),
});
export type TLeadFilterSchema = z.infer<typeof ZLeadFilterSchema>;

export { LEAD_SORTS };
