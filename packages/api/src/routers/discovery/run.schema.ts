import { z } from 'zod';

export const ZRunInputSchema = z.object({ runId: z.uuid({ error: 'That is not a discovery run id.' }) });
export type TRunInputSchema = z.infer<typeof ZRunInputSchema>;
