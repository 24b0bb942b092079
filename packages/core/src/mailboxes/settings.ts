import { z } from 'zod';
import { safeText } from '../text/safe-text.ts';
import { MAILBOX_DEFAULT_LIMITS, MAILBOX_MAX_PER_DAY } from './limits.ts';
import { formatNumber } from '../text/number.ts';

export const MAILBOX_PROVIDERS = ['resend', 'smtp'] as const;
export type MailboxProvider = (typeof MAILBOX_PROVIDERS)[number];

/** A new mailbox's limits: gentle enough for a fresh sending address. */
export const DEFAULT_MAILBOX_LIMITS = MAILBOX_DEFAULT_LIMITS;
/** Monday to Friday (0 = Sunday), 9:00 to 17:00 in the recipient's time zone. */
// As stored (days 0-6, minutes of the day); the send rules read it through ZSendWindow's hours (send-window.ts).
export const DEFAULT_STORED_SEND_WINDOW = Object.freeze({ days: Object.freeze([1, 2, 3, 4, 5]), startMinute: 9 * 60, endMinute: 17 * 60 });
/** More than this from one mailbox is not cold outreach any more; a typo (20000 for 200) is refused. */
export const MAX_MAILBOX_LIMIT_PER_DAY = MAILBOX_MAX_PER_DAY;
export const MINUTES_PER_DAY = 24 * 60;
export const WEEKDAY_NAMES = Object.freeze(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const);

const limit = (window: string) =>
  z
    .number({ error: `Give a number of emails per ${window}.` })
    .int({ error: `The limit per ${window} must be a whole number.` })
    .min(1, { error: `The limit per ${window} must be at least 1.` })
    .max(MAX_MAILBOX_LIMIT_PER_DAY, { error: `The limit per ${window} can be at most ${formatNumber(MAX_MAILBOX_LIMIT_PER_DAY)}.` });

const minuteOfDay = z
  .number({ error: 'Give a time of day.' })
  .int({ error: 'Give a time of day in whole minutes.' })
  .min(0, { error: 'A time of day is between 00:00 and 24:00.' })
  .max(MINUTES_PER_DAY, { error: 'A time of day is between 00:00 and 24:00.' });

/** The fields of a mailbox a person sets, each checked on its own. */
export const ZMailboxFields = z.object({
  fromName: safeText({ error: 'Give the name emails come from.' }).trim().min(1, { error: 'Give the name emails come from.' }).max(200, { error: 'The from name can be at most 200 characters.' }),
  fromAddress: safeText({ error: 'Give the address emails come from.' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'Enter a valid email address, like ann@acme.com.' }).max(320, { error: 'That address is too long.' })),
  provider: z.enum(MAILBOX_PROVIDERS, { error: 'Choose Resend or SMTP.' }),
  limitPerMinute: limit('minute'),
  limitPerHour: limit('hour'),
  limitPerDay: limit('day'),
  signature: safeText().max(5000, { error: `The signature can be at most ${formatNumber(5000)} characters.` }),
  /** Required before the mailbox can send; null while it is being set up. */
  postalAddress: safeText()
    .trim()
    .max(500, { error: 'The postal address can be at most 500 characters.' })
    .nullable()
    .transform((value) => (value ? value : null)),
  sendDays: z
    .array(z.number().int().min(0, { error: 'Days are 0 (Sunday) to 6 (Saturday).' }).max(6, { error: 'Days are 0 (Sunday) to 6 (Saturday).' }), { error: 'Pick the days it may send on.' })
    .min(1, { error: 'Pick at least one day it may send on.' })
    .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
  sendStartMinute: minuteOfDay,
  sendEndMinute: minuteOfDay,
});
export type MailboxFields = z.output<typeof ZMailboxFields>;

/** What is wrong between fields (limits out of order, a window that ends before it starts); empty when fine. */
export function mailboxSettingsProblems(settings: Pick<MailboxFields, 'limitPerMinute' | 'limitPerHour' | 'limitPerDay' | 'sendStartMinute' | 'sendEndMinute'>): { path: keyof MailboxFields; message: string }[] {
  const problems: { path: keyof MailboxFields; message: string }[] = [];
  if (settings.limitPerMinute > settings.limitPerHour) problems.push({ path: 'limitPerHour', message: 'The limit per hour cannot be lower than the limit per minute.' });
  if (settings.limitPerHour > settings.limitPerDay) problems.push({ path: 'limitPerDay', message: 'The limit per day cannot be lower than the limit per hour.' });
  if (settings.sendStartMinute >= settings.sendEndMinute) problems.push({ path: 'sendEndMinute', message: 'The send window must end after it starts (on the same day).' });
  if (settings.sendStartMinute >= MINUTES_PER_DAY) problems.push({ path: 'sendStartMinute', message: 'The send window must start before 24:00.' });
  return problems;
}

/** Adds an issue on the field at fault for each `mailboxSettingsProblems`; for a schema's superRefine. */
export function refineMailboxSettings(settings: Parameters<typeof mailboxSettingsProblems>[0], context: z.RefinementCtx): void {
  for (const problem of mailboxSettingsProblems(settings)) context.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
}

/** A new mailbox: the defaults fill what is not given, and the fields must agree with each other. */
export const ZCreateMailboxInput = ZMailboxFields.extend({
  limitPerMinute: ZMailboxFields.shape.limitPerMinute.default(DEFAULT_MAILBOX_LIMITS.perMinute),
  limitPerHour: ZMailboxFields.shape.limitPerHour.default(DEFAULT_MAILBOX_LIMITS.perHour),
  limitPerDay: ZMailboxFields.shape.limitPerDay.default(DEFAULT_MAILBOX_LIMITS.perDay),
  signature: ZMailboxFields.shape.signature.default(''),
  postalAddress: ZMailboxFields.shape.postalAddress.default(null),
  sendDays: ZMailboxFields.shape.sendDays.default([...DEFAULT_STORED_SEND_WINDOW.days]),
  sendStartMinute: ZMailboxFields.shape.sendStartMinute.default(DEFAULT_STORED_SEND_WINDOW.startMinute),
  sendEndMinute: ZMailboxFields.shape.sendEndMinute.default(DEFAULT_STORED_SEND_WINDOW.endMinute),
}).superRefine(refineMailboxSettings);
export type CreateMailboxInput = z.output<typeof ZCreateMailboxInput>;

/** A change replaces every setting (the form sends them all), so no default can quietly undo one. */
export const ZUpdateMailboxInput = ZMailboxFields.superRefine(refineMailboxSettings);
export type UpdateMailboxInput = z.output<typeof ZUpdateMailboxInput>;

/** Why a person paused a mailbox, shown next to it until it is resumed. */
export const ZMailboxPauseReason = safeText({ error: 'Say why you are pausing it; people see this next to the mailbox.' })
  .trim()
  .min(1, { error: 'Say why you are pausing it; people see this next to the mailbox.' })
  .max(500, { error: 'Keep the reason under 500 characters.' });

/** "09:00" for 540; "24:00" for the end of the day. */
export function formatMinuteOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** 540 for "09:00" (or "9:00"); null when it is not a time of day. "24:00" is the end of the day. */
export function parseMinuteOfDay(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minute <= MINUTES_PER_DAY ? minute : null;
}
