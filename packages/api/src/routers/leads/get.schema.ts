import { z } from 'zod';

export const ZGetLeadInputSchema = z.object({ id: z.uuid({ error: 'That is not a lead id.' }) });
export type TGetLeadInputSchema = z.infer<typeof ZGetLeadInputSchema>;
