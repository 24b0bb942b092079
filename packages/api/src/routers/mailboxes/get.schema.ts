import { z } from 'zod';

export const ZMailboxIdSchema = z.uuid({ error: 'That is not a mailbox id.' });
export const ZGetMailboxInputSchema = z.object({ id: ZMailboxIdSchema });
export type TGetMailboxInputSchema = z.infer<typeof ZGetMailboxInputSchema>;
