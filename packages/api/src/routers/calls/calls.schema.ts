import { ZCallingWindow, safeText } from '@switchboard/core';
import { z } from 'zod';

const ZCampaignId = z.uuid({ error: 'Choose a campaign.' });
const ZCallId = z.uuid({ error: 'That is not a call id.' });
/**
 * An amount in US dollars, `what` naming it in the messages. The columns keep cents (numeric(12, 2)), so a finer
 * amount is refused rather than rounded: $0.004 would become a $0 budget, which holds every call.
 */
const usd = (what: string) =>
  z
    .number({ error: 'Enter an amount in US dollars.' })
    .finite()
    .nonnegative({ error: 'An amount cannot be negative.' })
    .max(1_000_000, { error: 'Enter at most $1,000,000.' })
    .refine((amount) => Math.round(amount * 100) / 100 === amount, { error: `Give ${what} in dollars and cents (at most 2 decimals).` });

export const ZQueueCallsInputSchema = z.object({
  campaignId: ZCampaignId,
  // Queuing calls spends money once they are placed: the caller must have said so and been told yes.
  confirm: z.literal(true, { error: 'Confirm queuing the calls: each approved lead with a phone number will be called.' }),
});
export type TQueueCallsInputSchema = z.infer<typeof ZQueueCallsInputSchema>;

export const ZCallBoardInputSchema = z.object({
  /** One campaign's board; left out, the workspace's. */
  campaignId: ZCampaignId.nullish(),
});
export type TCallBoardInputSchema = z.infer<typeof ZCallBoardInputSchema>;

export const ZCampaignCallsInputSchema = z.object({ campaignId: ZCampaignId });
export type TCampaignCallsInputSchema = z.infer<typeof ZCampaignCallsInputSchema>;

export const ZCallInputSchema = z.object({ callId: ZCallId });
export type TCallInputSchema = z.infer<typeof ZCallInputSchema>;

export const ZCallSettingsInputSchema = z.object({
  campaignId: ZCampaignId,
  assistantId: safeText().trim().min(1, { error: 'Enter the Vapi assistant id, or leave it empty.' }).max(200, { error: 'A Vapi assistant id is at most 200 characters.' }).nullable(),
  maxAttempts: z.number().int({ error: 'Attempts are a whole number.' }).min(1, { error: 'At least 1 attempt.' }).max(10, { error: 'At most 10 attempts.' }),
  spacingMinutes: z.number().int({ error: 'Spacing is whole minutes.' }).min(1, { error: 'At least 1 minute between attempts.' }).max(10_080, { error: 'At most a week between attempts.' }),
  /** Left out: unchanged; null: the default (weekdays 9:00–17:00 on the callee's clock). */
  callWindow: ZCallingWindow.nullable().optional(),
  /** Left out: unchanged; null: no budget. */
  budgetUsd: usd('the budget').nullable().optional(),
});
export type TCallSettingsInputSchema = z.infer<typeof ZCallSettingsInputSchema>;

export const ZCallSpendInputSchema = z.object({
  campaignId: ZCampaignId,
  days: z.number().int({ error: 'Days are a whole number.' }).min(1, { error: 'At least 1 day.' }).max(90, { error: 'At most 90 days.' }).default(30),
});
export type TCallSpendInputSchema = z.infer<typeof ZCallSpendInputSchema>;

export const ZSpendAlertInputSchema = z.object({
  /** null: no alert. */
  thresholdUsd: usd('the threshold').nullable(),
});
export type TSpendAlertInputSchema = z.infer<typeof ZSpendAlertInputSchema>;
