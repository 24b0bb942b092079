import { z } from 'zod';
import { ZLeadFilterSchema } from './filter.schema.ts';
import { ZRejectReason } from './reject-reason.schema.ts';

export const BULK_LEAD_EVENTS = ['approve', 'reject'] as const;
export const BULK_MAX_IDS = 1000;

/** The leads a bulk action is for: the ones ticked, or every lead matching a filter. */
export const ZBulkTargetSchema = z.union([
  z.object({ ids: z.array(z.uuid({ error: 'That is not a lead id.' })).min(1, { error: 'Select at least one lead.' }).max(BULK_MAX_IDS) }),
  z.object({ filter: ZLeadFilterSchema }),
]);

export const ZBulkPreviewInputSchema = z.object({ event: z.enum(BULK_LEAD_EVENTS), target: ZBulkTargetSchema });
export type TBulkPreviewInputSchema = z.infer<typeof ZBulkPreviewInputSchema>;

export const ZBulkTransitionInputSchema = z
  .object({ event: z.enum(BULK_LEAD_EVENTS), target: ZBulkTargetSchema, reason: ZRejectReason.optional() })
  .refine((input) => input.event !== 'reject' || input.reason !== undefined, { error: 'Say why these leads are rejected.', path: ['reason'] });
export type TBulkTransitionInputSchema = z.infer<typeof ZBulkTransitionInputSchema>;
