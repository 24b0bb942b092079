import { Form } from '@remix-run/react';
import { FieldErrors } from './field.tsx';

export interface MailboxImapFormValues {
  host: string;
  port: string;
  tls: boolean;
  username: string;
}

/**
 * Where the mailbox's replies are read from. The password field is always empty: a stored password
 * never comes back to the browser, so leaving it empty keeps it.
 */
export function MailboxImapForm({
  mailboxId,
  values,
  passwordSet,
  errors,
  busy,
}: {
  mailboxId: string;
  values: MailboxImapFormValues;
  passwordSet: boolean;
  errors: Record<string, string[] | undefined>;
  busy: boolean;
}) {
  const invalid = (field: string) => (errors[field]?.length ? { 'aria-invalid': true as const, 'aria-describedby': `imap-${field}-error` } : {});
  return (
    <>
      <Form method="post" className="mailbox-form" aria-label="IMAP settings">
        <input type="hidden" name="intent" value="imap" />
        <input type="hidden" name="id" value={mailboxId} />
        <div className="form-grid">
          <div className="field">
            <label className="field-label" htmlFor="imap-host">IMAP host</label>
            <input id="imap-host" name="host" defaultValue={values.host} required maxLength={253} placeholder="imap.acme.com" {...invalid('host')} />
            <FieldErrors id="imap-host-error" errors={errors.host} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="imap-port">Port</label>
            <input id="imap-port" name="port" type="number" min={1} max={65535} defaultValue={values.port} required {...invalid('port')} />
            <FieldErrors id="imap-port-error" errors={errors.port} />
          </div>
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" name="tls" value="on" defaultChecked={values.tls} /> TLS from the start (usually port 993)
            </label>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="imap-username">Username</label>
            <input id="imap-username" name="username" defaultValue={values.username} required maxLength={320} autoComplete="off" {...invalid('username')} />
            <FieldErrors id="imap-username-error" errors={errors.username} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="imap-password">Password</label>
            <input
              id="imap-password"
              name="password"
              type="password"
              autoComplete="new-password"
              maxLength={1000}
              required={!passwordSet}
              placeholder={passwordSet ? 'Saved (leave empty to keep it)' : 'Not set'}
              {...invalid('password')}
            />
            <span className="field-hint">{passwordSet ? 'Saved, encrypted. It is never shown again.' : 'Not set. Stored encrypted, never shown again.'}</span>
            <FieldErrors id="imap-password-error" errors={errors.password} />
          </div>
        </div>
        <button type="submit" className="button" disabled={busy}>Save IMAP settings</button>
      </Form>
      {passwordSet ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="imap-clear" />
          <input type="hidden" name="id" value={mailboxId} />
          <button type="submit" className="secondary-button" disabled={busy}>Stop reading replies (remove IMAP)</button>
        </Form>
      ) : null}
    </>
  );
}
