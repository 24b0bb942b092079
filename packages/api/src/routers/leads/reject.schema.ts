import { z } from 'zod';
import { ZRejectReason } from './reject-reason.schema.ts';

export const ZRejectLeadInputSchema = z.object({ id: z.uuid({ error: 'That is not a lead id.' }), reason: ZRejectReason });
export type TRejectLeadInputSchema = z.infer<typeof ZRejectLeadInputSchema>;
