import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { auditParams, auditQuery } from '../utils/audit-query.ts';
import { UtcTime } from '../components/utc-time.tsx';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { throwRequestError } from '../utils/request-errors.server.ts';

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const cursor = params.get('before') ?? undefined;
  try {
    // A bad date or page link (an edited URL, an old bookmark) is left out and said above the table.
    const { page, query, ignored } = await loadWithLinkFilters(
      { query: { ...auditQuery(params), ...(cursor ? { cursor } : {}) }, names: { actor: 'actor', action: 'action', from: 'dates', to: 'dates', cursor: 'page link' }, pageKey: 'cursor' },
      (query) => context.trpc.audit.list({ ...query, limit: PAGE_SIZE }),
    );
    const { cursor: shownCursor, ...filters } = query;
    return { ...page, filters, onLaterPage: shownCursor !== undefined, ignored };
  } catch (error) {
    throwRequestError(error);
  }
}

function describe(summary: Record<string, unknown>): string {
  return Object.entries(summary)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

export default function AuditPage() {
  const { entries, nextCursor, filters, onLaterPage, ignored } = useLoaderData<typeof loader>();
  const exportParams = auditParams(filters);
  const nextParams = auditParams(filters);
  if (nextCursor) nextParams.set('before', nextCursor);
  return (
    <section className="card wide" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <p className="muted">Every sign-in, access change and consequential action, newest first. It cannot be edited.</p>
      <Form method="get" className="inline-form filters">
        <div className="field">
          <label className="field-label" htmlFor="audit-actor">Actor</label>
          <input id="audit-actor" name="actor" defaultValue={filters.actor ?? ''} placeholder="email" />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="audit-action">Action</label>
          <input id="audit-action" name="action" defaultValue={filters.action ?? ''} placeholder="e.g. auth.sign_in" />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="audit-from">From</label>
          <input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ''} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="audit-to">To</label>
          <input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ''} />
        </div>
        <button type="submit" className="secondary-button">Filter</button>
        <a className="secondary-button" href={`/admin/audit.csv?${exportParams.toString()}`} download>
          Export CSV
        </a>
      </Form>
      <IgnoredFiltersNote message={ignored} />
      {entries.length === 0 ? (
        <p className="muted">No entries match these filters.</p>
      ) : (
        <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Details</th>
              <th scope="col">IP</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <UtcTime at={entry.createdAt} />
                </td>
                <td>{entry.actorLabel}</td>
                <td className="mono">
                  {entry.action}
                  {entry.scope === 'installation' ? <span className="muted"> (installation)</span> : null}
                </td>
                <td>{describe(entry.summary)}</td>
                <td className="mono">{entry.ip ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {nextCursor || onLaterPage ? (
        <p className="inline-form">
          {onLaterPage ? <Link to={`?${exportParams.toString()}`}>Newest entries</Link> : null}
          {nextCursor ? <Link to={`?${nextParams.toString()}`}>Older entries</Link> : null}
        </p>
      ) : null}
    </section>
  );
}
