import { safeText, SUPPRESSION_REASON_MAX_LENGTH, SUPPRESSION_VALUE_MAX_LENGTH } from '@switchboard/core';
import { z } from 'zod';

export const ZAddSuppressionInputSchema = z.object({
  /** An address ("jane@acme.com") or a whole domain ("acme.com" or "@acme.com"). */
  value: safeText().trim().min(1, { error: 'Enter an email address or a domain.' }).max(SUPPRESSION_VALUE_MAX_LENGTH + 10, {
    error: 'That is longer than an email address can be.',
  }),
  reason: safeText().trim().max(SUPPRESSION_REASON_MAX_LENGTH, { error: `Keep the reason under ${SUPPRESSION_REASON_MAX_LENGTH} characters.` }).optional(),
});
export type TAddSuppressionInputSchema = z.infer<typeof ZAddSuppressionInputSchema>;
