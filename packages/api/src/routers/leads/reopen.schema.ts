import { z } from 'zod';

export const ZReopenLeadInputSchema = z.object({ id: z.uuid({ error: 'That is not a lead id.' }) });
export type TReopenLeadInputSchema = z.infer<typeof ZReopenLeadInputSchema>;
