import { safeText } from '@switchboard/core';
import { z } from 'zod';

export const ZCreateTokenInputSchema = z.object({
  name: safeText().trim().min(1, { error: 'Name the token after the script that uses it.' }).max(100),
  role: z.enum(['admin', 'operator', 'viewer']),
  /** Days until it stops working; omitted for a token that lasts until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TCreateTokenInputSchema = z.infer<typeof ZCreateTokenInputSchema>;

export const ZRevokeTokenInputSchema = z.object({ id: z.uuid() });
export type TRevokeTokenInputSchema = z.infer<typeof ZRevokeTokenInputSchema>;
