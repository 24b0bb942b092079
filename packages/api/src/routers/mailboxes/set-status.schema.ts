import { ZMailboxPauseReason } from '@switchboard/core';
import { z } from 'zod';
import { ZMailboxIdSchema } from './get.schema.ts';

export const ZPauseMailboxInputSchema = z.object({ id: ZMailboxIdSchema, reason: ZMailboxPauseReason });
export type TPauseMailboxInputSchema = z.infer<typeof ZPauseMailboxInputSchema>;
