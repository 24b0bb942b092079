import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { LeadFilterFields } from '../components/lead-filter-fields.tsx';
import { ConfidencePill, LeadStatusPill, ScoreBadge } from '../components/lead-pills.tsx';
import { useLeadVocabulary } from '../components/lead-vocabulary.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import { formatCount } from '../utils/format.ts';
import { hasLeadFilter, LEAD_FILTER_NAMES, leadFilterFromParams, leadFilterParams } from '../utils/lead-filters.ts';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import type { LeadTableRow } from '../utils/lead-outputs.ts';
import { LEAD_LIST_RELOAD_MS, useRevalidateOnLiveEvent } from '../utils/live-revalidate.ts';
import { throwRequestError } from '../utils/request-errors.server.ts';

export const meta: MetaFunction = () => [{ title: 'Leads · Switchboard' }];

const PAGE_SIZE = 50;
const SORTS = [
  { value: 'score_desc', label: 'Best score first' },
  { value: 'newest', label: 'Newest first' },
  { value: 'name', label: 'Name A–Z' },
] as const;
type Sort = (typeof SORTS)[number]['value'];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const sortParam = params.get('sort');
  const sort: Sort = SORTS.some((option) => option.value === sortParam) ? (sortParam as Sort) : 'score_desc';
  const cursor = params.get('after') ?? undefined;
  try {
    const [{ page, query, ignored }, campaigns] = await Promise.all([
      // A status, id or page link the API refuses is left out, and the page says so.
      loadWithLinkFilters(
        { query: { ...leadFilterFromParams(params), ...(cursor ? { cursor } : {}) }, names: { ...LEAD_FILTER_NAMES, cursor: 'page link' }, pageKey: 'cursor' },
        (query) => context.trpc.leads.list({ ...query, sort, limit: PAGE_SIZE }),
      ),
      context.trpc.campaigns.names(),
    ]);
    const { cursor: shownCursor, ...filter } = query;
    return { page, campaigns, filter, filtered: hasLeadFilter(filter), sort, onLaterPage: shownCursor !== undefined, ignored };
  } catch (error) {
    throwRequestError(error);
  }
}

export default function LeadsPage() {
  const { page, campaigns, filter, filtered, sort, onLaterPage, ignored } = useLoaderData<typeof loader>();
  const vocabulary = useLeadVocabulary();
  // New or merged leads appear without a reload; the loader refetches the page being looked at, at most
  // every LEAD_LIST_RELOAD_MS while discovery or an import streams events.
  useRevalidateOnLiveEvent('leads.changed', undefined, { spacedMs: { 'leads.changed': LEAD_LIST_RELOAD_MS } });
  const campaignName = new Map(campaigns.map((campaign) => [campaign.id, campaign.name]));
  const exportParams = leadFilterParams(filter);
  exportParams.set('sort', sort);
  const nextParams = new URLSearchParams(exportParams);
  if (page.nextCursor) nextParams.set('after', page.nextCursor);
  const firstPageParams = exportParams;

  return (
    <section className="card wide" aria-labelledby="leads-heading">
      <div className="card-header">
        <h2 id="leads-heading">
          All leads{' '}
          <span className="muted count" data-testid="leads-total" title={page.total.exact ? undefined : 'An estimate: counting every lead on each page load would make the page slow.'}>
            {formatCount(page.total)}
          </span>
        </h2>
        <div className="inline-form">
          <Link className="secondary-button" to="/leads/import">Import CSV</Link>
          <a className="secondary-button" href={`/leads.csv?${exportParams.toString()}`} download>
            Export CSV
          </a>
        </div>
      </div>
      <Form method="get" className="inline-form filters" aria-label="Filter leads">
        <div className="field">
          <label className="field-label" htmlFor="leads-q">Search</label>
          <input id="leads-q" name="q" defaultValue={filter.search ?? ''} placeholder="name, domain or phone" />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="leads-status">Status</label>
          <select id="leads-status" name="status" defaultValue={filter.status?.[0] ?? ''}>
            <option value="">Any</option>
            {vocabulary.statuses.map((status) => (
              <option key={status.value} value={status.value}>{status.label}</option>
            ))}
          </select>
        </div>
        <LeadFilterFields idPrefix="leads" campaigns={campaigns} filter={filter} />
        <div className="field">
          <label className="field-label" htmlFor="leads-sort">Sort</label>
          <select id="leads-sort" name="sort" defaultValue={sort}>
            {SORTS.map((option) => (
              <option key={option.value} value={option.value}>{option.label}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary-button">Apply</button>
        {filtered ? <Link to="/leads">Clear filters</Link> : null}
      </Form>
      <IgnoredFiltersNote message={ignored} />

      {page.leads.length === 0 ? (
        filtered ? (
          <div className="empty-state">
            <p className="empty-title">No leads match these filters.</p>
            <p>
              Loosen a filter or <Link to="/leads">clear them all</Link>.
            </p>
          </div>
        ) : (
          <div className="empty-state">
            <p className="empty-title">No leads yet.</p>
            <p>
              <Link to="/campaigns">Create a campaign</Link> and start discovery to find businesses, or{' '}
              <Link to="/leads/import">import a CSV</Link> you already have. New leads wait in the{' '}
              <Link to="/leads/review">review queue</Link> for your approval.
            </p>
          </div>
        )
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="leads-table">
            <thead>
              <tr>
                <th scope="col">Business</th>
                <th scope="col">Status</th>
                <th scope="col" className="number">Score</th>
                <th scope="col">Confidence</th>
                <th scope="col">City</th>
                <th scope="col">Category</th>
                <th scope="col">Contact</th>
                <th scope="col">Campaign</th>
              </tr>
            </thead>
            <tbody>
              {page.leads.map((lead: LeadTableRow) => (
                <tr key={lead.id}>
                  <td>
                    <Link to={`/leads/${lead.id}`}>{lead.name}</Link>
                    {lead.domain ? <div className="muted small">{lead.domain}</div> : null}
                  </td>
                  <td><LeadStatusPill status={lead.status} /></td>
                  <td className="number"><ScoreBadge score={lead.score} /></td>
                  <td><ConfidencePill confidence={lead.confidence} /></td>
                  <td>{lead.city ?? ''}</td>
                  <td>{lead.category ?? ''}</td>
                  <td className="small">
                    {lead.firstEmail ?? ''}
                    {lead.emailCount > 1 ? <span className="muted"> +{lead.emailCount - 1}</span> : null}
                    {lead.phone ? <div className="mono">{lead.phone}</div> : null}
                  </td>
                  <td className="small">
                    {/* No campaign: imported without one, or its campaign was deleted; not necessarily an import. */}
                    {lead.campaignId ? (
                      (campaignName.get(lead.campaignId) ?? '')
                    ) : (
                      <span className="muted" title="No campaign" data-testid="no-campaign">
                        <span aria-hidden="true">—</span>
                        <span className="visually-hidden">No campaign</span>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="pager">
        {onLaterPage ? <Link to={`?${firstPageParams.toString()}`}>First page</Link> : null}
        {page.nextCursor ? <Link to={`?${nextParams.toString()}`}>Next page</Link> : null}
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/leads" backLabel="Back to all leads" />;
}
