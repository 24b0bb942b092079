import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { RouteErrorPage } from '../components/route-error.tsx';
import { SandboxLabel } from '../components/sandbox-label.tsx';
import { UtcTime } from '../components/utc-time.tsx';
import { throwRequestError } from '../utils/request-errors.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.message.subject || 'Message'} · ${loaded?.message.leadName ?? 'Lead'} · Switchboard` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    return { message: await context.trpc.leads.message({ leadId: String(params.leadId), messageId: String(params.messageId) }) };
  } catch (error) {
    throwRequestError(error);
  }
}

/** One message from a lead in full: the lead's timeline shows the start of each. */
export default function LeadMessagePage() {
  const { message } = useLoaderData<typeof loader>();
  const leadPath = `/leads/${message.leadId}`;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/leads">All leads</Link> › <Link to={leadPath}>{message.leadName}</Link> ›
      </p>
      <section className="card wide" aria-labelledby="message-heading">
        <h2 id="message-heading" className="break-anywhere">
          {message.kindLabel}: {message.subject || '(no subject)'}
        </h2>
        <p className="small muted break-anywhere">
          {message.simulated ? (
            <>
              <SandboxLabel />{' '}
            </>
          ) : null}
          From {message.fromAddress} · <UtcTime at={message.receivedAt} />
        </p>
        <pre className="preview-text" data-testid="lead-message-text">
          {message.text}
        </pre>
        <p>
          <Link to={leadPath}>Back to {message.leadName}</Link>
        </p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/leads" backLabel="Back to leads" />;
}
