import {
  DEFAULT_MAILBOX_LIMITS,
  DEFAULT_STORED_SEND_WINDOW,
  formatMinuteOfDay,
  MINUTES_PER_DAY,
  parseMinuteOfDay,
  WEEKDAY_NAMES,
  type MailboxFields,
  type MailboxProvider,
} from '@switchboard/core';
import type { MailboxFormValues } from '../components/mailbox-form.tsx';
import { numberOf } from './form-number.ts';

// The mailbox form's values as typed, and the API input they make. Server-only: the browser bundle
// takes nothing from @switchboard/core but types (see vocabulary.server.ts).

/** A new mailbox's form: the default limits and window prefilled. */
export function emptyMailboxForm(): MailboxFormValues {
  return {
    fromName: '',
    fromAddress: '',
    provider: 'resend',
    limitPerMinute: String(DEFAULT_MAILBOX_LIMITS.perMinute),
    limitPerHour: String(DEFAULT_MAILBOX_LIMITS.perHour),
    limitPerDay: String(DEFAULT_MAILBOX_LIMITS.perDay),
    signature: '',
    postalAddress: '',
    sendDays: DEFAULT_STORED_SEND_WINDOW.days.map(String),
    sendStart: formatMinuteOfDay(DEFAULT_STORED_SEND_WINDOW.startMinute),
    sendEnd: formatMinuteOfDay(DEFAULT_STORED_SEND_WINDOW.endMinute),
  };
}

export function mailboxFormValuesOf(mailbox: MailboxFields): MailboxFormValues {
  return {
    fromName: mailbox.fromName,
    fromAddress: mailbox.fromAddress,
    provider: mailbox.provider,
    limitPerMinute: String(mailbox.limitPerMinute),
    limitPerHour: String(mailbox.limitPerHour),
    limitPerDay: String(mailbox.limitPerDay),
    signature: mailbox.signature,
    postalAddress: mailbox.postalAddress ?? '',
    sendDays: mailbox.sendDays.map(String),
    sendStart: formatMinuteOfDay(mailbox.sendStartMinute),
    // A time input cannot show 24:00; midnight at the end of the window reads 00:00.
    sendEnd: formatMinuteOfDay(mailbox.sendEndMinute % MINUTES_PER_DAY),
  };
}

export function readMailboxForm(form: FormData): MailboxFormValues {
  const text = (name: string) => String(form.get(name) ?? '');
  return {
    fromName: text('fromName'),
    fromAddress: text('fromAddress'),
    provider: text('provider'),
    limitPerMinute: text('limitPerMinute'),
    limitPerHour: text('limitPerHour'),
    limitPerDay: text('limitPerDay'),
    signature: text('signature'),
    postalAddress: text('postalAddress'),
    sendDays: form.getAll('sendDays').map(String),
    sendStart: text('sendStart'),
    sendEnd: text('sendEnd'),
  };
}

/** The mailbox as the API takes it; the API's validation answers anything wrong, field by field. */
export function mailboxInputOf(values: MailboxFormValues) {
  const end = parseMinuteOfDay(values.sendEnd);
  return {
    fromName: values.fromName,
    fromAddress: values.fromAddress,
    provider: values.provider as MailboxProvider,
    limitPerMinute: numberOf(values.limitPerMinute),
    limitPerHour: numberOf(values.limitPerHour),
    limitPerDay: numberOf(values.limitPerDay),
    signature: values.signature,
    postalAddress: values.postalAddress.trim() === '' ? null : values.postalAddress,
    sendDays: values.sendDays.map(Number),
    sendStartMinute: parseMinuteOfDay(values.sendStart) ?? Number.NaN,
    // 00:00 as an end is midnight at the end of the day.
    sendEndMinute: end === 0 ? MINUTES_PER_DAY : (end ?? Number.NaN),
  };
}

const SHORT_DAYS = WEEKDAY_NAMES.map((name) => name.slice(0, 3));

/** "Mon–Fri, 09:00–17:00"; "Mon, Wed, Sat, 08:00–24:00". */
export function describeSendWindow(days: number[], startMinute: number, endMinute: number): string {
  const sorted = [...days].sort((a, b) => a - b);
  const consecutive = sorted.length > 2 && sorted.every((day, index) => index === 0 || day === sorted[index - 1]! + 1);
  const dayText = sorted.length === 7 ? 'Every day' : consecutive ? `${SHORT_DAYS[sorted[0]!]}–${SHORT_DAYS[sorted.at(-1)!]}` : sorted.map((day) => SHORT_DAYS[day]).join(', ');
  return `${dayText}, ${formatMinuteOfDay(startMinute)}–${formatMinuteOfDay(endMinute)}`;
}

/** The weekday checkboxes, Monday first as people read a week (values stay 0 = Sunday … 6). */
export function weekdayChoices(): { value: string; label: string }[] {
  return [1, 2, 3, 4, 5, 6, 0].map((day) => ({ value: String(day), label: WEEKDAY_NAMES[day]!.slice(0, 3) }));
}
