import { z } from 'zod';

export const ZLeadMessageInputSchema = z.object({
  leadId: z.uuid({ error: 'That is not a lead id.' }),
  messageId: z.uuid({ error: 'That is not a message id.' }),
});
export type TLeadMessageInputSchema = z.infer<typeof ZLeadMessageInputSchema>;
