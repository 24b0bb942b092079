import { ZSequence } from '@switchboard/core';
import { z } from 'zod';
import { ZOutreachCampaignIdSchema } from './campaign.schema.ts';

export const ZSaveSequenceInputSchema = z.object({
  campaignId: ZOutreachCampaignIdSchema,
  sequence: ZSequence,
  /** The stored version this sequence was edited from: when given and someone saved since, the save is refused (409). */
  baseVersion: z.number().int().min(0).optional(),
});
export type TSaveSequenceInputSchema = z.infer<typeof ZSaveSequenceInputSchema>;

/** A sequence checked for template problems without saving it (the editor places them by step). */
export const ZLintSequenceInputSchema = z.object({ sequence: ZSequence });
export type TLintSequenceInputSchema = z.infer<typeof ZLintSequenceInputSchema>;
