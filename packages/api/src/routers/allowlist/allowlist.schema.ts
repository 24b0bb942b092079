import { safeText } from '@switchboard/core';
import { z } from 'zod';

export const ZAddAllowlistEntryInputSchema = z.object({
  /** An address ("jane@acme.com") or a whole domain ("acme.com" or "@acme.com"). */
  value: safeText().trim().min(3, { error: 'Enter an email address or a domain.' }).max(320),
  role: z.enum(['admin', 'operator', 'viewer']),
  /** For an address: also email them a sign-in link (the invitation). */
  invite: z.boolean().default(false),
});
export type TAddAllowlistEntryInputSchema = z.infer<typeof ZAddAllowlistEntryInputSchema>;

export const ZRemoveAllowlistEntryInputSchema = z.object({ id: z.uuid() });
export type TRemoveAllowlistEntryInputSchema = z.infer<typeof ZRemoveAllowlistEntryInputSchema>;
