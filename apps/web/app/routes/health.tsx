import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from '@remix-run/react';
import { FormMessage } from '../components/field.tsx';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { HealthPill, HealthReasons } from '../components/lead-health.tsx';
import { LeadStatusPill, ScoreBadge } from '../components/lead-pills.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import { UtcTime } from '../components/utc-time.tsx';
import type { loader as rootLoader } from '../root.tsx';
import type { ApiInputs } from '../utils/api-types.ts';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { useRevalidateOnLiveEvent } from '../utils/live-revalidate.ts';
import { requestError, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';

export const meta: MetaFunction = () => [{ title: 'Health · Switchboard' }];

const PAGE_SIZE = 50;

/** The table's filter and page from the URL (status, after), so a view can be shared; a value the API does not take is left out and said. */
function healthQuery(params: URLSearchParams) {
  const status = params.get('status')?.trim();
  const cursor = params.get('after')?.trim();
  return { ...(status ? { status: status as ApiInputs['health']['list']['status'] } : {}), ...(cursor ? { cursor } : {}) };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  try {
    const [summary, { page, query, ignored }] = await Promise.all([
      context.trpc.health.summary(),
      // A status the API does not know or a broken page link is left out and said above the table.
      loadWithLinkFilters({ query: healthQuery(params), names: { status: 'status', cursor: 'page link' }, pageKey: 'cursor' }, (query) =>
        context.trpc.health.list({ ...query, limit: PAGE_SIZE }),
      ),
    ]);
    return { summary, page, status: query.status ?? null, onLaterPage: query.cursor !== undefined, ignored };
  } catch (error) {
    throwRequestError(error);
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  let queued: boolean;
  try {
    ({ queued } = await context.trpc.health.refresh());
  } catch (error) {
    const problem = requestError(error);
    if (!problem) throw error;
    return data({ message: problem.message }, { status: formAnswerStatus(problem.status) });
  }
  const back = new URL(request.url).searchParams;
  back.set('refresh', queued ? 'queued' : 'already');
  return redirect(`/health?${back.toString()}`);
}

export default function HealthPage() {
  const { summary, page, status, onLaterPage, ignored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const canRefresh = useRouteLoaderData<typeof rootLoader>('root')?.can.operate ?? false;
  const busy = useNavigation().state === 'submitting';
  const [params] = useSearchParams();
  // A refresh that finished (the hourly one or one asked for here) changed the scores: reload them.
  useRevalidateOnLiveEvent('health.changed');
  const current = summary.statuses.find((entry) => entry.status === status);
  const link = (next: Record<string, string | undefined>) => {
    const query = new URLSearchParams(Object.entries(next).filter((entry): entry is [string, string] => Boolean(entry[1])));
    const search = query.toString();
    return search ? `/health?${search}` : '/health';
  };
  const refresh = params.get('refresh');

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Health</h1>
          <p className="muted">
            How the conversation with each lead in outreach is going: a score from 0 to 100 from the emails sent, the replies and the calls,
            refreshed hourly. {summary.refreshedAt ? <>Last refreshed <UtcTime at={summary.refreshedAt} />.</> : 'Not refreshed yet.'}
          </p>
        </div>
        {canRefresh ? (
          <Form method="post" className="inline-form header-actions">
            <button type="submit" className="secondary-button" disabled={busy}>Refresh now</button>
          </Form>
        ) : null}
      </header>
      {refresh === 'queued' ? <p className="notice health-notice" role="status">Refresh queued: a worker scores this workspace’s leads again shortly, and scores that change show here without a reload.</p> : null}
      {refresh === 'already' ? <p className="notice health-notice" role="status">A refresh is already queued: scores that change show here without a reload once it has run.</p> : null}
      <FormMessage message={result?.message} />

      <nav className="health-tiles" aria-label="Filter by health">
        <Link to="/health" className="health-tile" aria-current={status ? undefined : 'page'}>
          <span className="health-tile-label">All</span>
          <span className="health-tile-count">{summary.total}</span>
        </Link>
        {summary.statuses.map((entry) => (
          <Link key={entry.status} to={link({ status: entry.status })} className={`health-tile health-tile-${entry.status}`} aria-current={entry.status === status ? 'page' : undefined}>
            <span className="health-tile-label">{entry.label}</span>
            <span className="health-tile-count">{entry.count}</span>
          </Link>
        ))}
      </nav>

      <section className="card wide" aria-labelledby="health-heading">
        <h2 id="health-heading">{current ? `${current.label}, worst first` : 'Leads, worst first'}</h2>
        <IgnoredFiltersNote message={ignored} />
        {page.rows.length === 0 ? (
          summary.total === 0 ? (
            <HealthEmpty refreshed={summary.refreshedAt !== null} />
          ) : (
            <div className="empty-state">
              <p className="empty-title">
                {current ? `No lead is ${current.label.toLowerCase()} right now.` : 'Nothing on this page.'} <Link to="/health">Show every lead</Link>.
              </p>
            </div>
          )
        ) : (
          <div className="table-scroll">
            <table className="table health-table" data-testid="health-table">
              <thead>
                <tr>
                  <th scope="col">Lead</th>
                  <th scope="col">Health</th>
                  <th scope="col">Score</th>
                  <th scope="col">Why</th>
                  <th scope="col" className="number">Unanswered touches</th>
                  <th scope="col">Last touch (UTC)</th>
                  <th scope="col">Last response (UTC)</th>
                  <th scope="col">Lead status</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((row) => (
                  <tr key={row.leadId}>
                    <td className="name-cell">
                      <Link to={`/leads/${row.leadId}`}>{row.leadName}</Link>
                    </td>
                    <td>
                      <HealthPill status={row.status} label={row.statusLabel} />
                    </td>
                    <td>
                      <ScoreBadge score={row.score} />
                    </td>
                    <td className="health-why">
                      <HealthReasons reasons={row.reasons} />
                    </td>
                    <td className="number" title="Emails sent and calls placed since the lead last answered">{row.touchesSinceLastResponse}</td>
                    <td>{row.lastTouchAt ? <UtcTime at={row.lastTouchAt} show="date" /> : <span className="muted">—</span>}</td>
                    <td>{row.lastResponseAt ? <UtcTime at={row.lastResponseAt} show="date" /> : <span className="muted">never</span>}</td>
                    <td>
                      <LeadStatusPill status={row.leadStatus} label={row.leadStatusLabel} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="pager">
          {onLaterPage ? <Link to={link({ status: status ?? undefined })}>First page</Link> : null}
          {page.nextCursor ? <Link to={link({ status: status ?? undefined, after: page.nextCursor })}>Next page</Link> : null}
        </p>
      </section>
    </>
  );
}

/** Why there are no scores yet, and what makes them. */
function HealthEmpty({ refreshed }: { refreshed: boolean }) {
  return (
    <div className="empty-state">
      <p className="empty-title">No lead in outreach has a health score yet.</p>
      <p>
        A lead is scored once a campaign’s outreach has emailed or called it: approve leads, then start outreach from the campaign’s page in{' '}
        <Link to="/campaigns">Campaigns</Link>. {refreshed ? 'The next refresh scores them.' : 'Scores are refreshed hourly.'}
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/health" backLabel="Back to Health" />;
}
