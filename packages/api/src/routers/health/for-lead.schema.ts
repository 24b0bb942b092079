import { z } from 'zod';

export const ZLeadHealthInputSchema = z.object({ leadId: z.uuid({ error: 'That is not a lead id.' }) });
export type TLeadHealthInputSchema = z.infer<typeof ZLeadHealthInputSchema>;
