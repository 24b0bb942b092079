import { WEEKDAYS } from '../calendar/zoned-time.ts';
import type { SendWindow } from './send-window.ts';

/** A mailbox's window as stored (days 0 = Sunday … 6, minutes of the day). */
export interface StoredSendWindow {
  sendDays: readonly number[];
  sendStartMinute: number;
  sendEndMinute: number;
}

/**
 * The window the send rules read (weekday names, whole hours), from the stored one. A start inside an
 * hour rounds up and an end rounds down, so a send never falls outside what the admin set; null when
 * no whole hour is left.
 */
export function sendWindowFromStored(stored: StoredSendWindow): SendWindow | null {
  // WEEKDAYS runs Sunday (0) to Saturday (6), as stored.
  const days = WEEKDAYS.filter((_day, number) => stored.sendDays.includes(number));
  const startHour = Math.ceil(stored.sendStartMinute / 60);
  const endHour = Math.floor(stored.sendEndMinute / 60);
  if (days.length === 0 || startHour >= endHour || startHour > 23) return null;
  return { days, startHour, endHour };
}

/** One window covering every mailbox's: the days any sends on, from the earliest start to the latest end. */
export function combinedSendWindow(windows: readonly SendWindow[]): SendWindow | null {
  if (windows.length === 0) return null;
  const days = WEEKDAYS.filter((day) => windows.some((window) => window.days.includes(day)));
  return { days, startHour: Math.min(...windows.map((window) => window.startHour)), endHour: Math.max(...windows.map((window) => window.endHour)) };
}
