import { z } from 'zod';

export const ZApproveLeadInputSchema = z.object({ id: z.uuid({ error: 'That is not a lead id.' }) });
export type TApproveLeadInputSchema = z.infer<typeof ZApproveLeadInputSchema>;
