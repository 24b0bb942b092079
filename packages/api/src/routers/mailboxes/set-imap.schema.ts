import { ZMailboxImapInput } from '@switchboard/core';
import type { z } from 'zod';
import { ZMailboxIdSchema } from './get.schema.ts';

/** Host, port, TLS, username, and the password (left out to keep the stored one). */
export const ZSetMailboxImapInputSchema = ZMailboxImapInput.extend({ id: ZMailboxIdSchema });
export type TSetMailboxImapInputSchema = z.infer<typeof ZSetMailboxImapInputSchema>;
