import { safeText } from '@switchboard/core';
import { z } from 'zod';
import { INVALID_UNSUBSCRIBE_LINK } from '../../suppressions/unsubscribe.ts';

export const ZUnsubscribeLinkInputSchema = z.object({ token: safeText().max(1000, { error: INVALID_UNSUBSCRIBE_LINK }) });
export type TUnsubscribeLinkInputSchema = z.infer<typeof ZUnsubscribeLinkInputSchema>;
