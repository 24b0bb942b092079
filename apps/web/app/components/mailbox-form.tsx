import { Form } from '@remix-run/react';
import { WeekdayChoices } from './weekday-choices.tsx';
import { FieldErrors } from './field.tsx';

export interface MailboxFormValues {
  fromName: string;
  fromAddress: string;
  provider: string;
  limitPerMinute: string;
  limitPerHour: string;
  limitPerDay: string;
  signature: string;
  postalAddress: string;
  /** Checked days, "0" (Sunday) to "6". */
  sendDays: string[];
  /** "09:00" */
  sendStart: string;
  sendEnd: string;
}

/**
 * A mailbox's sender identity, limits, send window, signature and postal address. The errors are
 * keyed by the API's field names (sendStartMinute for the start time).
 */
export function MailboxForm({
  values,
  errors,
  weekdays,
  submitLabel,
  busy,
  intent,
  mailboxId,
}: {
  values: MailboxFormValues;
  errors: Record<string, string[] | undefined>;
  weekdays: { value: string; label: string }[];
  submitLabel: string;
  busy: boolean;
  intent: 'create' | 'update';
  mailboxId?: string;
}) {
  const invalid = (field: string) => (errors[field]?.length ? { 'aria-invalid': true as const, 'aria-describedby': `mailbox-${field}-error` } : {});
  return (
    <Form method="post" className="mailbox-form">
      <input type="hidden" name="intent" value={intent} />
      {mailboxId ? <input type="hidden" name="id" value={mailboxId} /> : null}
      <div className="form-grid">
        <div className="field">
          <label className="field-label" htmlFor="mailbox-from-name">From name</label>
          <input id="mailbox-from-name" name="fromName" defaultValue={values.fromName} required maxLength={200} placeholder="Ann at Acme" {...invalid('fromName')} />
          <FieldErrors id="mailbox-fromName-error" errors={errors.fromName} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="mailbox-from-address">From address</label>
          <input id="mailbox-from-address" name="fromAddress" type="email" defaultValue={values.fromAddress} required maxLength={320} placeholder="ann@acme.com" {...invalid('fromAddress')} />
          <FieldErrors id="mailbox-fromAddress-error" errors={errors.fromAddress} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="mailbox-provider">Sends through</label>
          <select id="mailbox-provider" name="provider" defaultValue={values.provider} {...invalid('provider')}>
            <option value="resend">Resend</option>
            <option value="smtp">SMTP</option>
          </select>
          <span className="field-hint">The key or URL is set under Admin → Provider keys (or by the server).</span>
          <FieldErrors id="mailbox-provider-error" errors={errors.provider} />
        </div>
        <fieldset className="field span-all">
          <legend className="field-label">Limits</legend>
          <div className="limit-grid">
            {(
              [
                ['limitPerMinute', 'Per minute'],
                ['limitPerHour', 'Per hour'],
                ['limitPerDay', 'Per day'],
              ] as const
            ).map(([name, label]) => (
              <div className="field" key={name}>
                <label className="field-label" htmlFor={`mailbox-${name}`}>{label}</label>
                <input id={`mailbox-${name}`} name={name} type="number" min={1} step={1} defaultValue={values[name]} required {...invalid(name)} />
                <FieldErrors id={`mailbox-${name}-error`} errors={errors[name]} />
              </div>
            ))}
          </div>
          <span className="field-hint">Emails from this mailbox at most, across every campaign and worker. A new address starts low (1 / 5 / 20).</span>
        </fieldset>
        <fieldset className="field span-all">
          <legend className="field-label">Send window</legend>
          <WeekdayChoices name="sendDays" days={weekdays} chosen={values.sendDays} invalid={invalid('sendDays')} />
          <FieldErrors id="mailbox-sendDays-error" errors={errors.sendDays} />
          <div className="limit-grid">
            <div className="field">
              <label className="field-label" htmlFor="mailbox-send-start">From</label>
              <input id="mailbox-send-start" name="sendStart" type="time" defaultValue={values.sendStart} required {...invalid('sendStartMinute')} />
              <FieldErrors id="mailbox-sendStartMinute-error" errors={errors.sendStartMinute} />
            </div>
            <div className="field">
              <label className="field-label" htmlFor="mailbox-send-end">Until</label>
              <input id="mailbox-send-end" name="sendEnd" type="time" defaultValue={values.sendEnd} required {...invalid('sendEndMinute')} />
              <FieldErrors id="mailbox-sendEndMinute-error" errors={errors.sendEndMinute} />
            </div>
          </div>
          <span className="field-hint">In each recipient's time zone (from the lead's location, else the campaign's). Until 00:00 means midnight.</span>
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor="mailbox-signature">Signature</label>
          <textarea id="mailbox-signature" name="signature" defaultValue={values.signature} rows={4} maxLength={5000} {...invalid('signature')} />
          <FieldErrors id="mailbox-signature-error" errors={errors.signature} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="mailbox-postal-address">Postal address</label>
          <textarea id="mailbox-postal-address" name="postalAddress" defaultValue={values.postalAddress} rows={4} maxLength={500} {...invalid('postalAddress')} />
          <span className="field-hint">Required before this mailbox can send: every marketing email's footer carries a postal address.</span>
          <FieldErrors id="mailbox-postalAddress-error" errors={errors.postalAddress} />
        </div>
      </div>
      <button type="submit" className="button" disabled={busy}>{submitLabel}</button>
    </Form>
  );
}
