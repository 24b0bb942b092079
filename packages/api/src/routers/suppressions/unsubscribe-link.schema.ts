import { z } from 'zod';
import { INVALID_UNSUBSCRIBE_LINK } from '../../suppressions/unsubscribe.ts';

export const ZUnsubscribeLinkInputSchema = z.object({ token: z.string().max(1000, { error: INVALID_UNSUBSCRIBE_LINK }) });
export type TUnsubscribeLinkInputSchema = z.infer<typeof ZUnsubscribeLinkInputSchema>;
