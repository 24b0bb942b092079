import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { REPLY_KINDS, REPLY_KIND_LABELS } from '@switchboard/core';
import { Form, Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import { SandboxLabel } from '../components/sandbox-label.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { UtcTime } from '../components/utc-time.tsx';
import { inboxParams, inboxQuery } from '../utils/inbox-query.ts';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { useRevalidateOnLiveEvent } from '../utils/live-revalidate.ts';
import { throwRequestError } from '../utils/request-errors.server.ts';

export const meta: MetaFunction = () => [{ title: 'Inbox · Switchboard' }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const campaigns = await context.trpc.campaigns.names();
  try {
    // A filter the API refuses (a two-letter search, a broken page link) is left out and said above the table.
    const { page, query, ignored } = await loadWithLinkFilters(
      { query: inboxQuery(new URL(request.url).searchParams), names: { campaignId: 'campaign', leadId: 'lead', search: 'search', cursor: 'page link' }, pageKey: 'cursor' },
      (query) => context.trpc.inbox.list({ ...query, limit: PAGE_SIZE }),
    );
    return { campaigns, page, query, ignored };
  } catch (error) {
    throwRequestError(error);
  }
}

export default function InboxPage() {
  const { campaigns, page, query, ignored } = useLoaderData<typeof loader>();
  const sandbox = useRouteLoaderData<typeof rootLoader>('root')?.providers.find((provider) => provider.provider === 'email')?.mode === 'sandbox';
  const params = inboxParams(query);
  // A reply stored anywhere in the workspace may belong on this page: reload it.
  useRevalidateOnLiveEvent('inbox.message');
  const filtered = Boolean(query.kind || query.campaignId || query.leadId || query.search);
  const leadId = query.leadId;
  const nextParams = new URLSearchParams(params);
  if (page.nextCursor) nextParams.set('after', page.nextCursor);
  const firstPageParams = new URLSearchParams(params);
  firstPageParams.delete('after');

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Inbox</h1>
          <p className="muted">
            What came back from the people your campaigns write to, newest first: replies, out-of-office replies and requests to stop, each
            matched to its lead. A reply stops the lead’s follow-ups; a request to stop also suppresses the address.
          </p>
        </div>
      </header>
      <section className="card wide" aria-labelledby="inbox-heading">
        <h2 id="inbox-heading">Messages</h2>
        <Form method="get" className="inline-form filters" aria-label="Filter the inbox">
          <div className="field">
            <label className="field-label" htmlFor="inbox-q">Search</label>
            <input id="inbox-q" name="q" defaultValue={query.search ?? ''} placeholder="sender or subject" minLength={3} maxLength={200} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="inbox-kind">Kind</label>
            <select id="inbox-kind" name="kind" defaultValue={query.kind ?? ''}>
              <option value="">Any</option>
              {REPLY_KINDS.map((kind) => (
                <option key={kind} value={kind}>{REPLY_KIND_LABELS[kind]}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="inbox-campaign">Campaign</label>
            <select id="inbox-campaign" name="campaign" defaultValue={query.campaignId ?? ''}>
              <option value="">Any</option>
              {campaigns.map((campaign) => (
                <option key={campaign.id} value={campaign.id}>{campaign.name}</option>
              ))}
            </select>
          </div>
          {/* From a lead's timeline: the other filters apply within that lead's messages. */}
          {leadId ? <input type="hidden" name="lead" value={leadId} /> : null}
          <button type="submit" className="secondary-button">Apply</button>
          {filtered ? <Link to="/inbox">Clear filters</Link> : null}
        </Form>
        {leadId ? (
          <p className="small" data-testid="inbox-lead-filter">
            Only the messages of {page.messages[0] ? <Link to={`/leads/${leadId}`}>{page.messages[0].leadName}</Link> : 'one lead'}.{' '}
            <Link to="/inbox">Show every lead’s</Link>
          </p>
        ) : null}
        <IgnoredFiltersNote message={ignored} />

        {page.messages.length === 0 ? (
          filtered || params.has('after') ? (
            <div className="empty-state">
              <p className="empty-title">No message matches these filters. <Link to="/inbox">Clear them</Link>.</p>
            </div>
          ) : (
            <InboxEmpty sandbox={sandbox} />
          )
        ) : (
          <div className="table-scroll">
            <table className="table inbox-table" data-testid="inbox-table">
              <thead>
                <tr>
                  <th scope="col">Received (UTC)</th>
                  <th scope="col">Kind</th>
                  <th scope="col">From</th>
                  <th scope="col">Message</th>
                  <th scope="col">Lead</th>
                  <th scope="col">Campaign</th>
                </tr>
              </thead>
              <tbody>
                {page.messages.map((message) => (
                  <tr key={message.id}>
                    <td>
                      <UtcTime at={message.receivedAt} />
                    </td>
                    <td>
                      {message.kindLabel}
                      {message.simulated ? (
                        <>
                          {' '}
                          <SandboxLabel />
                        </>
                      ) : null}
                    </td>
                    <td className="break-anywhere">{message.fromAddress}</td>
                    <td className="break-anywhere">
                      <strong>{message.subject || '(no subject)'}</strong>
                      {message.preview ? <div className="muted small">{message.preview}</div> : null}
                    </td>
                    <td className="name-cell">
                      <Link to={`/leads/${message.leadId}`}>{message.leadName}</Link>
                    </td>
                    <td className="name-cell">{message.campaignId ? <Link to={`/campaigns/${message.campaignId}/outreach`}>{message.campaignName}</Link> : <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="inline-form">
          {params.has('after') ? <Link to={`?${firstPageParams.toString()}`}>Newest</Link> : null}
          {page.nextCursor ? <Link to={`?${nextParams.toString()}`}>Older</Link> : null}
        </p>
      </section>
    </>
  );
}

/** What fills the inbox, and (with email in the sandbox) that the answers to the outbox's emails are simulated. */
function InboxEmpty({ sandbox }: { sandbox: boolean }) {
  return (
    <div className="empty-state">
      <p className="empty-title">No replies yet.</p>
      <p>
        Messages land here when someone answers a campaign email: the emails Resend receives for you (its inbound webhook), and every minute the INBOX of each mailbox with
        Replies over IMAP set (<Link to="/mailboxes">Mailboxes</Link> → Edit). Each is matched to its lead by the email it answers, else by its sender.
      </p>
      {sandbox ? (
        <p>
          Email is in the sandbox: campaign emails stay in the <Link to="/outbox">local outbox</Link> and reach nobody. A simulated recipient
          answers some of them a few minutes after they are sent (a reply, or an out-of-office); those arrive here labelled Sandbox, with a
          subject starting “[Sandbox]”, and no one wrote them. A mailbox with Replies over IMAP set is still read: mail that arrives there from a lead your
          campaigns are writing to lands here.
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/inbox" backLabel="Back to the inbox" />;
}
