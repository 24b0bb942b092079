import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { auditQuery } from '../utils/audit-query.ts';
import { UtcTime } from '../components/utc-time.tsx';

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const query = auditQuery(params);
  const cursor = params.get('before') ?? undefined;
  try {
    const page = await context.trpc.audit.list({ ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    return data({ ...page, error: null as string | null });
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'BAD_REQUEST') {
      return data({ entries: [], nextCursor: null, error: 'Dates must look like 2026-11-25.' }, { status: 400 });
    }
    throw error;
  }
}

function describe(summary: Record<string, unknown>): string {
  return Object.entries(summary)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

export default function AuditPage() {
  const { entries, nextCursor, error } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const exportParams = new URLSearchParams(params);
  exportParams.delete('before');
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set('before', nextCursor);
  return (
    <section className="card wide" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <p className="muted">Every sign-in, access change and consequential action, newest first. It cannot be edited.</p>
      <Form method="get" className="inline-form filters">
        <div className="field">
          <label className="field-label" htmlFor="audit-actor">Actor</label>
          <input id="audit-actor" name="actor" defaultValue={params.get('actor') ?? ''} placeholder="email" />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="audit-action">Action</label>
          <input id="audit-action" name="action" defaultValue={params.get('action') ?? ''} placeholder="e.g. auth.sign_in" />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="audit-from">From</label>
          <input id="audit-from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="audit-to">To</label>
          <input id="audit-to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
        </div>
        <button type="submit" className="secondary-button">Filter</button>
        <a className="secondary-button" href={`/admin/audit.csv?${exportParams.toString()}`} download>
          Export CSV
        </a>
      </Form>
      {error ? <p className="form-message" role="alert">{error}</p> : null}
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
      {nextCursor ? (
        <p>
          <Link to={`?${nextParams.toString()}`}>Older entries</Link>
        </p>
      ) : null}
    </section>
  );
}
