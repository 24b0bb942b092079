import { z } from 'zod';

// A new sender warms up slowly: one email a minute, five an hour, twenty a day, until someone raises it.
export const MAILBOX_DEFAULT_PER_MINUTE = 1;
export const MAILBOX_DEFAULT_PER_HOUR = 5;
export const MAILBOX_DEFAULT_PER_DAY = 20;
/** A mailbox sending more than this a day is a bulk sender, which this product is not for. */
export const MAILBOX_MAX_PER_DAY = 2_000;

export const MAILBOX_LIMIT_WINDOWS = ['minute', 'hour', 'day'] as const;
export type MailboxLimitWindow = (typeof MAILBOX_LIMIT_WINDOWS)[number];

export const MAILBOX_LIMIT_WINDOW_MS: Readonly<Record<MailboxLimitWindow, number>> = Object.freeze({
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
});

export const ZMailboxLimits = z
  .object({
    perMinute: z.number().int().min(1).max(MAILBOX_MAX_PER_DAY).default(MAILBOX_DEFAULT_PER_MINUTE),
    perHour: z.number().int().min(1).max(MAILBOX_MAX_PER_DAY).default(MAILBOX_DEFAULT_PER_HOUR),
    perDay: z.number().int().min(1).max(MAILBOX_MAX_PER_DAY).default(MAILBOX_DEFAULT_PER_DAY),
  })
  .refine((limits) => limits.perMinute <= limits.perHour && limits.perHour <= limits.perDay, {
    message: 'Limits must grow with the window: per minute ≤ per hour ≤ per day',
  });
export type MailboxLimits = z.infer<typeof ZMailboxLimits>;

export const MAILBOX_DEFAULT_LIMITS: Readonly<MailboxLimits> = Object.freeze({
  perMinute: MAILBOX_DEFAULT_PER_MINUTE,
  perHour: MAILBOX_DEFAULT_PER_HOUR,
  perDay: MAILBOX_DEFAULT_PER_DAY,
});

export const mailboxLimitFor = (limits: MailboxLimits, window: MailboxLimitWindow): number =>
  window === 'minute' ? limits.perMinute : window === 'hour' ? limits.perHour : limits.perDay;

export type MailboxSendCheck = { allowed: true } | { allowed: false; window: MailboxLimitWindow; nextAllowedAt: Date };

/**
 * Whether a mailbox may send at `now`, given the times of its earlier sends. Windows are rolling
 * (the last 60 s, 60 min, 24 h), the strictest reading: no stretch of that length ever holds more
 * than the limit, wherever the clock's minute or day boundaries fall.
 */
export function checkMailboxSend(limits: MailboxLimits, sentAt: readonly Date[], now: Date): MailboxSendCheck {
  const nowMs = now.getTime();
  let blocked: { window: MailboxLimitWindow; nextAllowedAt: Date } | null = null;
  for (const window of MAILBOX_LIMIT_WINDOWS) {
    const windowMs = MAILBOX_LIMIT_WINDOW_MS[window];
    const limit = mailboxLimitFor(limits, window);
    const from = nowMs - windowMs;
    // Count first without allocating: a scheduler asks this for every send, and most windows have room.
    let count = 0;
    for (const at of sentAt) if (at.getTime() > from && at.getTime() <= nowMs) count += 1;
    if (count < limit) continue;
    const inWindow = sentAt.map((at) => at.getTime()).filter((ms) => ms > from && ms <= nowMs);
    // The send that has to age out before one more fits: the (count - limit + 1)-th oldest. Histories
    // usually arrive in time order, and then sorting is skipped.
    if (inWindow.some((ms, index) => index > 0 && ms < (inWindow[index - 1] ?? ms))) inWindow.sort((a, b) => a - b);
    const freesAt = (inWindow[inWindow.length - limit] ?? nowMs) + windowMs;
    if (!blocked || freesAt > blocked.nextAllowedAt.getTime()) blocked = { window, nextAllowedAt: new Date(freesAt) };
  }
  return blocked ? { allowed: false, ...blocked } : { allowed: true };
}
