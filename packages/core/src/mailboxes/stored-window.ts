import { WEEKDAYS } from '../calendar/zoned-time.ts';
import type { SendWindow } from './send-window.ts';

/** A mailbox's window as stored (days 0 = Sunday … 6, minutes of the day). */
export interface StoredSendWindow {
  sendDays: readonly number[];
  sendStartMinute: number;
  sendEndMinute: number;
}

/**
 * The window the send rules read (weekday names, whole hours), from the stored one: a window that
 * starts or ends mid-hour is widened to the hour, which only an estimate may do.
 */
export function sendWindowOfStored(stored: StoredSendWindow): SendWindow {
  const days = WEEKDAYS.filter((_, index) => stored.sendDays.includes(index));
  const startHour = Math.min(23, Math.floor(stored.sendStartMinute / 60));
  const endHour = Math.max(startHour + 1, Math.min(24, Math.ceil(stored.sendEndMinute / 60)));
  return { days: days.length > 0 ? days : [...WEEKDAYS], startHour, endHour };
}

/** One window covering every mailbox's: the days any sends on, from the earliest start to the latest end. */
export function combinedSendWindow(windows: readonly SendWindow[]): SendWindow | null {
  if (windows.length === 0) return null;
  const days = WEEKDAYS.filter((day) => windows.some((window) => window.days.includes(day)));
  return { days, startHour: Math.min(...windows.map((window) => window.startHour)), endHour: Math.max(...windows.map((window) => window.endHour)) };
}
