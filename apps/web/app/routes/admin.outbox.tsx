import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { FormMessage } from '../components/field.tsx';
import { formFailure, formAnswerStatus } from '../utils/request-errors.server.ts';
import { UtcTime } from '../components/utc-time.tsx';

export const meta: MetaFunction = () => [{ title: 'Sandbox outbox · Switchboard' }];

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    return { sandbox: true, emails: await context.trpc.outbox.list() };
  } catch (error) {
    // A live email provider: there is no local outbox, and the page says so.
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') return { sandbox: false, emails: [] };
    throw error;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    const revealed = await context.trpc.outbox.revealLink({ id: String(form.get('id') ?? '') });
    return { message: undefined, revealed };
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ message: failure.message, revealed: undefined }, { status: formAnswerStatus(status) });
  }
}

export default function OutboxPage() {
  const { sandbox, emails } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  if (!sandbox) {
    return (
      <section className="card wide outbox" aria-labelledby="outbox-heading">
        <h2 id="outbox-heading">Outbox</h2>
        <p className="empty-state">Email goes out through a live provider, so there is no local outbox.</p>
      </section>
    );
  }
  return (
    <section className="card wide outbox" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">Sandbox outbox</h2>
      <p className="muted">
        No email provider is configured, so email "sent" by Switchboard to people of this workspace lands here instead of their
        inbox. Sign-in and password links are hidden: reveal one and hand it to its owner yourself (it works once, and the reveal
        is in the audit log). Links of people who are also in a workspace you do not administer are not shown. Open an email to see its
        headers and HTML part; every member reads campaign emails on the <Link to="/outbox">Sandbox outbox</Link> page.
      </p>
      <FormMessage message={result?.message} />
      {emails.length === 0 ? (
        <p className="empty-state">Nothing sent yet. When someone asks for a sign-in link, it appears here.</p>
      ) : (
        <ul className="outbox-list">
          {emails.map((email) => (
            <li key={email.id} className="card">
              <p className="outbox-meta">
                To <strong>{email.to}</strong> · <UtcTime at={email.createdAt} />
              </p>
              <h3>
                <Link to={`/outbox/${email.id}`}>{email.subject}</Link>
              </h3>
              <pre className="outbox-body">{email.bodyText}</pre>
              {email.hasSecretLink ? (
                result?.revealed?.id === email.id ? (
                  <p className="notice" role="status">
                    <label>
                      One-time link for {result.revealed.to}{' '}
                      <input readOnly className="outbox-link" value={result.revealed.link} onFocus={(event) => event.currentTarget.select()} />
                    </label>
                  </p>
                ) : (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="id" value={email.id} />
                    <button type="submit" className="secondary-button" disabled={submitting} aria-label={`Reveal the link for ${email.to}`}>
                      Reveal link
                    </button>
                    <span className="muted">Recorded in the audit log.</span>
                  </Form>
                )
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
