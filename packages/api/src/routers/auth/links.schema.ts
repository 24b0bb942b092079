import { PASSWORD_MAX_LENGTH, safeText, SIGN_IN_NEXT_MAX_LENGTH } from '@switchboard/core';
import { z } from 'zod';

export const ZRequestLinkInputSchema = z.object({
  email: z.email({ error: 'Enter your email address.' }).max(320),
  purpose: z.enum(['sign_in', 'password_reset']),
  // The page to return to once signed in or once the new password is set; the web checks it when the link is used.
  next: safeText().max(SIGN_IN_NEXT_MAX_LENGTH).optional(),
});
export type TRequestLinkInputSchema = z.infer<typeof ZRequestLinkInputSchema>;

const token = safeText().min(20, { error: 'This link is incomplete: open it from the email again.' }).max(200);

export const ZUseLinkInputSchema = z.object({ token });
export type TUseLinkInputSchema = z.infer<typeof ZUseLinkInputSchema>;

export const ZResetPasswordInputSchema = z.object({ token, password: safeText().max(PASSWORD_MAX_LENGTH) });
export type TResetPasswordInputSchema = z.infer<typeof ZResetPasswordInputSchema>;
