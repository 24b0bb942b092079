import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { ANALYTICS_MAX_DAYS } from '@switchboard/core';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { OutreachAnalytics } from '../components/outreach-analytics.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import { analyticsHref, analyticsQuery } from '../utils/analytics-query.ts';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { throwRequestError } from '../utils/request-errors.server.ts';

export const meta: MetaFunction = () => [{ title: 'Analytics · Switchboard' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const campaigns = await context.trpc.campaigns.names();
  try {
    // A bad date or range in the link (an edited URL, an old bookmark) is left out and said, not an error page.
    const { page: report, query, ignored } = await loadWithLinkFilters(
      { query: analyticsQuery(new URL(request.url).searchParams), names: { campaignId: 'campaign', from: 'dates', to: 'dates' } },
      (query) => context.trpc.analytics.report(query),
    );
    return { query, campaigns, report, ignored };
  } catch (error) {
    throwRequestError(error);
  }
}

export default function AnalyticsPage() {
  const { query, campaigns, report, ignored } = useLoaderData<typeof loader>();
  const range = { from: report.from, to: report.to };
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Analytics</h1>
          <p className="muted">What outreach emails did, day by day: sent, delivered, bounced, complaints, replies and unsubscribes, by step and by mailbox.</p>
        </div>
        {report.totals.sent > 0 ? (
          <a className="secondary-button analytics-export" href={analyticsHref({ campaignId: report.campaign?.id, ...range }, 'detail')} download>
            Export CSV
          </a>
        ) : null}
      </header>
      <Form method="get" className="inline-form filters analytics-filters" aria-label="Choose what to count">
        <div className="field">
          <label className="field-label" htmlFor="analytics-campaign">Campaign</label>
          <select id="analytics-campaign" name="campaign" defaultValue={query.campaignId ?? ''}>
            <option value="">All campaigns</option>
            {campaigns.map((campaign) => (
              <option key={campaign.id} value={campaign.id}>{campaign.name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="analytics-from">From</label>
          <input id="analytics-from" name="from" type="date" defaultValue={range.from ?? ''} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="analytics-to">To</label>
          <input id="analytics-to" name="to" type="date" defaultValue={range.to ?? ''} />
        </div>
        <button type="submit" className="secondary-button">Show</button>
        {query.campaignId || query.from || query.to ? <Link to="/analytics">Last 30 days, all campaigns</Link> : null}
      </Form>
      <p className="muted small">Up to {ANALYTICS_MAX_DAYS} days at a time, both dates included.</p>
      <IgnoredFiltersNote message={ignored} />
      {report.campaign ? (
        <p>
          <Link to={`/campaigns/${report.campaign.id}/outreach`}>{report.campaign.name}: outreach</Link>
        </p>
      ) : null}
      <OutreachAnalytics report={report} csvHref={(groupBy) => analyticsHref({ campaignId: report.campaign?.id, ...range }, groupBy)} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/analytics" backLabel="Back to analytics" />;
}
