import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { RouteErrorPage } from '../components/route-error.tsx';
import { throwRequestError } from '../utils/request-errors.server.ts';
import { UtcTime } from '../components/utc-time.tsx';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.email.subject ?? 'Email'} · Sandbox outbox · Switchboard` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    return { email: await context.trpc.outbox.get({ id: String(params.outboxId) }) };
  } catch (error) {
    throwRequestError(error);
  }
}

// Headers a reader looks for first; the rest follow in the order they were given.
const HEADER_ORDER = ['From', 'Reply-To', 'Message-ID', 'List-Unsubscribe', 'List-Unsubscribe-Post'];

export default function OutboxEmailPage() {
  const { email } = useLoaderData<typeof loader>();
  const headers = [
    ['To', email.to],
    ['Subject', email.subject],
    ...HEADER_ORDER.filter((name) => email.headers[name] !== undefined).map((name) => [name, email.headers[name] ?? '']),
    ...Object.entries(email.headers).filter(([name]) => !HEADER_ORDER.includes(name)),
  ];
  return (
    <>
      <p className="breadcrumb">
        <Link to={email.sendId ? '/outbox' : '/admin/outbox'}>Sandbox outbox</Link> ›
      </p>
      <header className="page-header">
        <div>
          <h1 className="break-anywhere">{email.subject || '(no subject)'}</h1>
          <p className="muted">
            To {email.to} · <UtcTime at={email.createdAt} />
            {email.leadId ? (
              <>
                {' '}
                · <Link to={`/leads/${email.leadId}`}>the lead</Link>
              </>
            ) : null}
            {email.campaignId ? (
              <>
                {' '}
                · <Link to={`/campaigns/${email.campaignId}/outreach`}>its campaign</Link> (step {email.stepId})
              </>
            ) : null}
          </p>
        </div>
      </header>
      <div className="grid">
        <section className="card wide" aria-labelledby="email-headers-heading">
          <h2 id="email-headers-heading">Headers</h2>
          <dl className="email-headers" data-testid="email-headers">
            {headers.map(([name, value]) => (
              <div key={name} className="email-header-row">
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="card wide" aria-labelledby="email-html-heading">
          <h2 id="email-html-heading">HTML part</h2>
          {email.bodyHtml ? (
            // sandbox="" gives the frame an opaque origin with no scripts, forms, popups or top navigation:
            // the email can neither run code nor reach this origin's cookies or pages.
            <iframe title={`The HTML part of “${email.subject}”`} className="email-frame" sandbox="" srcDoc={email.bodyHtml} referrerPolicy="no-referrer" />
          ) : (
            <p className="empty-state">This email has no HTML part: its text part below is all it carries.</p>
          )}
        </section>
        <section className="card wide" aria-labelledby="email-text-heading">
          <h2 id="email-text-heading">Text part</h2>
          <pre className="outbox-body" data-testid="email-text">{email.bodyText}</pre>
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/outbox" backLabel="Back to the sandbox outbox" />;
}
