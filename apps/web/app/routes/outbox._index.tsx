import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { RouteErrorPage } from '../components/route-error.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { throwRequestError } from '../utils/request-errors.server.ts';
import { UtcTime } from '../components/utc-time.tsx';
import { formatNumber } from '@switchboard/core';

export const meta: MetaFunction = () => [{ title: 'Sandbox outbox · Switchboard' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = Math.max(1, Math.min(10_000, Number.parseInt(new URL(request.url).searchParams.get('page') ?? '1', 10) || 1));
  try {
    return { sandbox: true, ...(await context.trpc.outbox.campaignEmails({ page })) };
  } catch (error) {
    // A live email provider: there is no local outbox, and the page says so.
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') return { sandbox: false, emails: [], page, hasNextPage: false, olderNotListed: null };
    throwRequestError(error);
  }
}

export default function CampaignOutboxPage() {
  const { sandbox, emails, page, hasNextPage, olderNotListed } = useLoaderData<typeof loader>();
  const isAdmin = useRouteLoaderData<typeof rootLoader>('root')?.me?.user.role === 'admin';
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Sandbox outbox</h1>
          <p className="muted">
            {sandbox
              ? 'No email provider is configured, so campaign emails land here instead of anyone’s inbox. A simulated recipient then makes each delivered or bounced, and opens or answers some (“[Sandbox]” replies in the Inbox). Open one to see it as a provider would have been given it: its HTML, text and headers.'
              : 'Email goes out through a live provider, so there is no local outbox.'}
            {isAdmin ? (
              <>
                {' '}
                Sign-in and password emails are under <Link to="/admin/outbox">Admin → Outbox</Link>.
              </>
            ) : null}
          </p>
        </div>
      </header>
      {sandbox ? (
        <section className="card wide" aria-labelledby="outbox-emails-heading">
          <h2 id="outbox-emails-heading">Campaign emails</h2>
          {emails.length === 0 ? (
            <p className="empty-state">
              {page > 1 ? 'No emails on this page.' : 'No campaign email yet. Start outreach on a campaign and its emails appear here as the worker sends them.'}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Subject</th>
                    <th scope="col">To</th>
                    <th scope="col">Campaign</th>
                    <th scope="col">Step</th>
                    <th scope="col">Sent</th>
                  </tr>
                </thead>
                <tbody>
                  {emails.map((email) => (
                    <tr key={email.id}>
                      <td>
                        <Link to={`/outbox/${email.id}`}>{email.subject || '(no subject)'}</Link>
                      </td>
                      <td className="break-anywhere">{email.leadId ? <Link to={`/leads/${email.leadId}`}>{email.leadName ?? email.to}</Link> : null} <span className="small">{email.to}</span></td>
                      <td>{email.campaignId ? <Link to={`/campaigns/${email.campaignId}/outreach`}>{email.campaignName}</Link> : null}</td>
                      <td className="nowrap">{email.stepId}</td>
                      <td>
                        <UtcTime at={email.createdAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {page > 1 || hasNextPage ? (
            <nav className="pager" aria-label="Pages">
              {page > 1 ? <Link to={`?page=${page - 1}`}>Newer</Link> : null}
              <span className="muted">Page {page}</span>
              {hasNextPage ? <Link to={`?page=${page + 1}`}>Older</Link> : null}
            </nav>
          ) : null}
          {olderNotListed ? <p className="muted small">Older emails are not listed: the outbox shows the newest {formatNumber(olderNotListed.listedAtMost)}.</p> : null}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/campaigns" backLabel="Back to campaigns" />;
}
