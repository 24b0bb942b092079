import { z } from 'zod';

export const ZListRunsInputSchema = z.object({ campaignId: z.uuid({ error: 'That is not a campaign id.' }) });
export type TListRunsInputSchema = z.infer<typeof ZListRunsInputSchema>;
