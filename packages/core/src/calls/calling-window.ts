import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DEFAULT_SEND_WINDOW, isWithinSendWindow, nextWindowOpening, ZSendWindow, type SendWindow } from '../mailboxes/send-window.ts';
import { recipientTimeZone, type RecipientLocation } from '../mailboxes/recipient-time-zone.ts';

// A calling window is a send window read on the callee's clock: the same days and whole hours,
// the same default (weekdays 9:00–17:00), the same rules.
export const ZCallingWindow = ZSendWindow;
export type CallingWindow = SendWindow;
export const DEFAULT_CALLING_WINDOW: Readonly<CallingWindow> = DEFAULT_SEND_WINDOW;

export interface CalleeLocation extends RecipientLocation {
  /** The number being called (E.164): its country stands in when the lead's is unknown. */
  phone?: string | null | undefined;
}

/**
 * The zone the callee lives in: the lead's country and region, else the phone number's country with
 * the lead's region (a lead found on its website may have "TX" but no country: +1 alone spans six
 * zones), else the campaign's zone.
 */
export function calleeTimeZone(location: CalleeLocation, campaignTimeZone: string): string {
  const country = location.country ?? (location.phone ? parsePhoneNumberFromString(location.phone)?.country : undefined);
  return recipientTimeZone({ country, region: location.region }, campaignTimeZone);
}

/** How a queued call held back for the calling window says so; a changed window releases the calls that carry it. */
export const OUTSIDE_CALLING_WINDOW = "Outside the calling window on the callee's clock";

export function outsideCallingWindowReason(timeZone: string): string {
  return `${OUTSIDE_CALLING_WINDOW} (${timeZone}).`;
}

/** Whether a call may be placed at `at`: inside the window on the callee's wall clock. */
export function isWithinCallingWindow(window: CallingWindow, timeZone: string, at: Date): boolean {
  return isWithinSendWindow(window, timeZone, at);
}

/** The first instant at or after `now` a call may be placed: `now` when the window is open. */
export function nextCallingWindowOpening(window: CallingWindow, timeZone: string, now: Date): Date {
  return nextWindowOpening(window, timeZone, now);
}
