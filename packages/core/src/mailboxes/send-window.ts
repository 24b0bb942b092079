import { z } from 'zod';
import { localDatePlus, wallClockIn, WEEKDAYS, zonedInstant, type Weekday } from '../calendar/zoned-time.ts';

/** Days and hours a mailbox may send, read on the recipient's wall clock: 9–17 on weekdays by default. */
export const ZSendWindow = z
  .object({
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, 'Pick at least one day')
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .transform((days) => WEEKDAYS.filter((day) => days.includes(day))),
    /** The first hour sends may go out (0–23). */
    startHour: z.number().int().min(0).max(23).default(9),
    /** The hour sending stops (1–24, exclusive): 17 means the last send is before 17:00. */
    endHour: z.number().int().min(1).max(24).default(17),
  })
  .refine((window) => window.startHour < window.endHour, { message: 'The window must end after it starts', path: ['endHour'] });
export type SendWindow = z.infer<typeof ZSendWindow>;

export const DEFAULT_SEND_WINDOW: Readonly<SendWindow> = Object.freeze({ days: ['mon', 'tue', 'wed', 'thu', 'fri'] satisfies Weekday[], startHour: 9, endHour: 17 });

/** Whether `at` falls inside the window on the wall clock of `timeZone`. */
export function isWithinSendWindow(window: SendWindow, timeZone: string, at: Date): boolean {
  const wall = wallClockIn(at, timeZone);
  return window.days.includes(wall.weekday) && wall.hour >= window.startHour && wall.hour < window.endHour;
}

/**
 * The first instant at or after `now` inside the window, in `timeZone`: `now` itself when the window
 * is open. Looks eight days ahead, enough for any non-empty set of weekdays.
 */
export function nextWindowOpening(window: SendWindow, timeZone: string, now: Date): Date {
  for (let offset = 0; offset <= 7; offset += 1) {
    const date = localDatePlus(now, timeZone, offset);
    if (!window.days.includes(date.weekday)) continue;
    const opens = zonedInstant(timeZone, { ...date, hour: window.startHour });
    const closes = zonedInstant(timeZone, { ...date, hour: window.endHour });
    if (now.getTime() >= closes.getTime()) continue;
    if (now.getTime() >= opens.getTime()) return now;
    return opens;
  }
  throw new RangeError('A send window needs at least one day.');
}

/**
 * A mailbox's stored window (days 0 = Sunday … 6, minutes of the day) as the rules read it, in whole
 * hours: a start inside an hour rounds up and an end rounds down, so a send never falls outside what
 * the admin set.
 */
export function sendWindowFromStored(stored: { sendDays: readonly number[]; sendStartMinute: number; sendEndMinute: number }): SendWindow | null {
  // WEEKDAYS runs Sunday (0) to Saturday (6), as stored.
  const days = WEEKDAYS.filter((_day, number) => stored.sendDays.includes(number));
  const startHour = Math.ceil(stored.sendStartMinute / 60);
  const endHour = Math.floor(stored.sendEndMinute / 60);
  if (days.length === 0 || startHour >= endHour || startHour > 23) return null;
  return { days, startHour, endHour };
}
