import { z } from 'zod';
import { localDatePlus, wallClockIn, WEEKDAYS, zonedInstant, type Weekday } from '../calendar/zoned-time.ts';

/** Days and hours a mailbox may send, read on the recipient's wall clock: 9–17 on weekdays by default. */
export const ZSendWindow = z
  .object({
    days: z
      .array(z.enum(WEEKDAYS, { error: 'Pick days of the week (sun, mon, tue, wed, thu, fri, sat).' }))
      .min(1, 'Pick at least one day')
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .transform((days) => WEEKDAYS.filter((day) => days.includes(day))),
    /** The first hour sends may go out (0–23). */
    startHour: z.number({ error: 'The first hour is a whole hour from 0 to 23.' }).int({ error: 'The first hour is a whole hour from 0 to 23.' }).min(0, { error: 'The first hour is a whole hour from 0 to 23.' }).max(23, { error: 'The first hour is a whole hour from 0 to 23.' }).default(9),
    /** The hour sending stops (1–24, exclusive): 17 means the last send is before 17:00. */
    endHour: z.number({ error: 'The last hour is a whole hour from 1 to 24.' }).int({ error: 'The last hour is a whole hour from 1 to 24.' }).min(1, { error: 'The last hour is a whole hour from 1 to 24.' }).max(24, { error: 'The last hour is a whole hour from 1 to 24.' }).default(17),
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
