import { refineMailboxSettings, ZMailboxFields } from '@switchboard/core';
import type { z } from 'zod';
import { ZMailboxIdSchema } from './get.schema.ts';

/** Every setting, as the form sends them: an update replaces them all. */
export const ZUpdateMailboxInputSchema = ZMailboxFields.extend({ id: ZMailboxIdSchema }).superRefine(refineMailboxSettings);
export type TUpdateMailboxInputSchema = z.infer<typeof ZUpdateMailboxInputSchema>;
