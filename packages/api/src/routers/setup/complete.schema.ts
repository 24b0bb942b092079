import { PASSWORD_MAX_LENGTH, safeText } from '@switchboard/core';
import { z } from 'zod';

export const ZCompleteSetupInputSchema = z.object({
  token: safeText().min(1, { error: 'The setup link is incomplete: open the link Switchboard printed.' }).max(200),
  email: z.email({ error: 'Enter your email address.' }).max(320),
  password: safeText().max(PASSWORD_MAX_LENGTH),
  workspaceName: safeText().trim().min(1, { error: 'Give the workspace a name.' }).max(200),
});
export type TCompleteSetupInputSchema = z.infer<typeof ZCompleteSetupInputSchema>;
