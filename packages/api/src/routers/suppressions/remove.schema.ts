import { z } from 'zod';

export const ZRemoveSuppressionInputSchema = z.object({ id: z.uuid({ error: 'That is not a suppression list entry id.' }) });
export type TRemoveSuppressionInputSchema = z.infer<typeof ZRemoveSuppressionInputSchema>;
