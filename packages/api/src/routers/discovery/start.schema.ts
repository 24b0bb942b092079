import { z } from 'zod';

export const ZStartDiscoveryInputSchema = z.object({ campaignId: z.uuid({ error: 'That is not a campaign id.' }) });
export type TStartDiscoveryInputSchema = z.infer<typeof ZStartDiscoveryInputSchema>;
