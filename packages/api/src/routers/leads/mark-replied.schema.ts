import { z } from 'zod';

export const ZMarkLeadRepliedInputSchema = z.object({ id: z.uuid({ error: 'That is not a lead id.' }) });
export type TMarkLeadRepliedInputSchema = z.infer<typeof ZMarkLeadRepliedInputSchema>;
