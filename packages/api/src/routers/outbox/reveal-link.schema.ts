import { z } from 'zod';

export const ZRevealLinkInputSchema = z.object({ id: z.uuid({ error: 'That is not an outbox email id.' }) });
export type TRevealLinkInputSchema = z.infer<typeof ZRevealLinkInputSchema>;
