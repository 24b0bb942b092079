import { WEEKDAY_NAMES } from '@switchboard/core';
import type { CallSettingsFormValues } from '../components/call-settings-form.tsx';
import type { ApiOutputs } from './api-types.ts';
import { numberOf } from './form-number.ts';

// The call settings form's values as typed, and the calls.updateSettings input they make. Server-only:
// the browser bundle takes nothing from @switchboard/core but types (see vocabulary.server.ts).

/** The calling window's days as core names them, Monday first as people read a week. */
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_INDEX: Record<(typeof WEEK)[number], number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export function callingWindowDayChoices(): { value: string; label: string }[] {
  return WEEK.map((day) => ({ value: day, label: WEEKDAY_NAMES[DAY_INDEX[day]]!.slice(0, 3) }));
}

export function callSettingsFormValuesOf(settings: ApiOutputs['calls']['settings']): CallSettingsFormValues {
  return {
    assistantId: settings.assistantId ?? '',
    maxAttempts: String(settings.maxAttempts),
    spacingMinutes: String(settings.spacingMinutes),
    days: [...settings.callWindow.days],
    startHour: String(settings.callWindow.startHour),
    endHour: String(settings.callWindow.endHour),
    budgetUsd: settings.budgetUsd === null ? '' : String(settings.budgetUsd),
  };
}

export function readCallSettingsForm(form: FormData): CallSettingsFormValues {
  const text = (name: string) => String(form.get(name) ?? '');
  return {
    assistantId: text('assistantId'),
    maxAttempts: text('maxAttempts'),
    spacingMinutes: text('spacingMinutes'),
    days: form.getAll('days').map(String),
    startHour: text('startHour'),
    endHour: text('endHour'),
    budgetUsd: text('budgetUsd'),
  };
}

/** The settings as calls.updateSettings takes them (a blank assistant or budget is none); the API's validation answers anything wrong, field by field. */
export function callSettingsInputOf(campaignId: string, values: CallSettingsFormValues) {
  return {
    campaignId,
    assistantId: values.assistantId.trim() === '' ? null : values.assistantId,
    maxAttempts: numberOf(values.maxAttempts),
    spacingMinutes: numberOf(values.spacingMinutes),
    callWindow: { days: values.days as (typeof WEEK)[number][], startHour: numberOf(values.startHour), endHour: numberOf(values.endHour) },
    budgetUsd: values.budgetUsd.trim() === '' ? null : numberOf(values.budgetUsd),
  };
}
