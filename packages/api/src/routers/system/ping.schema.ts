import { z } from 'zod';

export const ZPingInputSchema = z.object({}).optional();
export type TPingInputSchema = z.infer<typeof ZPingInputSchema>;
