import { ZCreateMailboxInput } from '@switchboard/core';
import type { z } from 'zod';

/** The mailbox rules (defaults 1/5/20, Monday–Friday 9:00–17:00, limits in order) live in core. */
export const ZCreateMailboxInputSchema = ZCreateMailboxInput;
export type TCreateMailboxInputSchema = z.infer<typeof ZCreateMailboxInputSchema>;
