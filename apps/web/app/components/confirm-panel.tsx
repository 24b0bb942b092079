import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';

/**
 * Asks before a costly or destructive action, in words that say what will happen. Rendered by the
 * server from a `?confirm=…` link, so it works without JavaScript; the form posts the action itself.
 */
export function ConfirmPanel({
  question,
  detail,
  confirmLabel,
  cancelTo,
  tone = 'normal',
  children,
}: {
  question: string;
  detail?: ReactNode;
  confirmLabel: string;
  cancelTo: string;
  tone?: 'normal' | 'danger';
  /** Hidden inputs (and any last choice, such as a reject reason) posted with the confirmation. */
  children?: ReactNode;
}) {
  return (
    <section className="confirm-panel" role="alertdialog" aria-labelledby="confirm-question" aria-modal="false">
      <p id="confirm-question" className="confirm-question">{question}</p>
      {detail ? <div className="muted">{detail}</div> : null}
      <Form method="post" className="inline-form">
        {children}
        <button type="submit" className={tone === 'danger' ? 'button danger-button' : 'button'} autoFocus>
          {confirmLabel}
        </button>
        <Link to={cancelTo} className="secondary-button" preventScrollReset>
          Cancel
        </Link>
      </Form>
    </section>
  );
}
