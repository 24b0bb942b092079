import { PASSWORD_MAX_LENGTH, safeText } from '@switchboard/core';
import { z } from 'zod';

export const ZSignInInputSchema = z.object({
  email: z.email({ error: 'Enter your email address.' }).max(320),
  password: safeText().min(1, { error: 'Enter your password.' }).max(PASSWORD_MAX_LENGTH),
});
export type TSignInInputSchema = z.infer<typeof ZSignInInputSchema>;
