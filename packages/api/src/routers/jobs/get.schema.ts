import type { z } from 'zod';
import { ZRetryJobInputSchema } from './retry.schema.ts';

/** One job by its queue and id: the same reference a retry takes (pg-boss's job ids are UUIDs). */
export const ZGetJobInputSchema = ZRetryJobInputSchema;
export type TGetJobInputSchema = z.infer<typeof ZGetJobInputSchema>;
