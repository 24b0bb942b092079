import { z } from 'zod';

export const ZChangeRoleInputSchema = z.object({
  userId: z.uuid(),
  role: z.enum(['admin', 'operator', 'viewer']),
});
export type TChangeRoleInputSchema = z.infer<typeof ZChangeRoleInputSchema>;

export const ZRemoveMemberInputSchema = z.object({ userId: z.uuid() });
export type TRemoveMemberInputSchema = z.infer<typeof ZRemoveMemberInputSchema>;
