import { z } from 'zod';

/** The lead whose contact form submissions are listed. */
export const ZLeadFormSendsInputSchema = z.object({ leadId: z.uuid({ error: 'That is not a lead id.' }) });
export type TLeadFormSendsInputSchema = z.infer<typeof ZLeadFormSendsInputSchema>;

/** The send whose screenshot is shown. */
export const ZFormScreenshotInputSchema = z.object({ sendId: z.uuid({ error: 'That is not a send id.' }) });
export type TFormScreenshotInputSchema = z.infer<typeof ZFormScreenshotInputSchema>;
