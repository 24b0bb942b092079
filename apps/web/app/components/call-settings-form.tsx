import { Form } from '@remix-run/react';
import { WeekdayChoices } from './weekday-choices.tsx';
import { FieldErrors, FormMessage } from './field.tsx';

export interface CallSettingsFormValues {
  assistantId: string;
  maxAttempts: string;
  spacingMinutes: string;
  /** Checked days as core names them ("mon" … "sun"). */
  days: string[];
  startHour: string;
  endHour: string;
  /** Blank: no budget. */
  budgetUsd: string;
}

/**
 * A campaign's call settings: its Vapi assistant, attempts and their spacing, the calling window and
 * the call budget. Errors are keyed by the API's field names (`days`, `endHour` for the window).
 */
export function CallSettingsForm({
  campaignId,
  values,
  errors,
  message,
  dayChoices,
  busy,
  voiceSandbox,
}: {
  campaignId: string;
  values: CallSettingsFormValues;
  errors: Record<string, string[] | undefined>;
  message: string | undefined;
  dayChoices: { value: string; label: string }[];
  busy: boolean;
  /** Calls go to the sandbox caller, which needs no assistant. */
  voiceSandbox: boolean;
}) {
  const invalid = (field: string) => (errors[field]?.length ? { 'aria-invalid': true as const, 'aria-describedby': `call-${field}-error` } : {});
  return (
    <Form method="post" className="stack" preventScrollReset>
      <input type="hidden" name="intent" value="settings" />
      <input type="hidden" name="campaignId" value={campaignId} />
      <FormMessage message={message} />
      <div className="form-grid">
        <div className="field span-all">
          <label className="field-label" htmlFor="call-assistant-id">Vapi assistant id</label>
          <input id="call-assistant-id" name="assistantId" defaultValue={values.assistantId} maxLength={200} autoComplete="off" {...invalid('assistantId')} />
          <span className="field-hint">
            The assistant that speaks on this campaign’s calls.{' '}
            {voiceSandbox
              ? 'The sandbox caller needs none (it plays its own script); once calls go through Vapi, calls without one fail instead of being placed.'
              : 'Without one, its calls fail instead of being placed.'}
          </span>
          <FieldErrors id="call-assistantId-error" errors={errors.assistantId} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="call-max-attempts">Attempts per lead</label>
          <input id="call-max-attempts" name="maxAttempts" type="number" min={1} max={10} step={1} defaultValue={values.maxAttempts} required {...invalid('maxAttempts')} />
          <span className="field-hint">A call nobody answered, or that was busy, is tried again up to this many times in all.</span>
          <FieldErrors id="call-maxAttempts-error" errors={errors.maxAttempts} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="call-spacing">Minutes between attempts</label>
          <input id="call-spacing" name="spacingMinutes" type="number" min={1} max={10080} step={1} defaultValue={values.spacingMinutes} required {...invalid('spacingMinutes')} />
          <span className="field-hint">The next attempt waits at least this long after the last one ended (240 is four hours).</span>
          <FieldErrors id="call-spacingMinutes-error" errors={errors.spacingMinutes} />
        </div>
        <fieldset className="field span-all">
          <legend className="field-label">Calling window</legend>
          <WeekdayChoices name="days" days={dayChoices} chosen={values.days} invalid={invalid('days')} />
          <FieldErrors id="call-days-error" errors={errors.days} />
          <div className="limit-grid">
            <div className="field">
              <label className="field-label" htmlFor="call-start-hour">From hour</label>
              <input id="call-start-hour" name="startHour" type="number" min={0} max={23} step={1} defaultValue={values.startHour} required {...invalid('startHour')} />
              <FieldErrors id="call-startHour-error" errors={errors.startHour} />
            </div>
            <div className="field">
              <label className="field-label" htmlFor="call-end-hour">Until hour</label>
              <input id="call-end-hour" name="endHour" type="number" min={1} max={24} step={1} defaultValue={values.endHour} required {...invalid('endHour')} />
              <FieldErrors id="call-endHour-error" errors={errors.endHour} />
            </div>
          </div>
          <span className="field-hint">On each callee’s clock (from the lead’s location, else the phone number’s country, else the campaign’s time zone). Until hour 24 is midnight.</span>
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor="call-budget">Call budget (US dollars)</label>
          <input id="call-budget" name="budgetUsd" type="number" min={0} step="0.01" defaultValue={values.budgetUsd} inputMode="decimal" {...invalid('budgetUsd')} />
          <span className="field-hint">Once this campaign’s calls have cost this much, no more of them are placed. $0: none is placed (queued calls wait). Blank: no budget.</span>
          <FieldErrors id="call-budgetUsd-error" errors={errors.budgetUsd} />
        </div>
      </div>
      <div className="inline-form">
        <button type="submit" className="button" disabled={busy}>Save call settings</button>
      </div>
    </Form>
  );
}
