import { QUEUE_NAMES } from '@switchboard/core/jobs';
import { z } from 'zod';

export const ZRetryJobInputSchema = z.object({
  queue: z.enum(QUEUE_NAMES as [string, ...string[]], { error: 'Choose a queue from the list.' }),
  id: z.uuid({ error: 'A job id is a UUID.' }),
});
export type TRetryJobInputSchema = z.infer<typeof ZRetryJobInputSchema>;
