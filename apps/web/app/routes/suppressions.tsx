import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { formatNumber, roleAllows, SUPPRESSION_SOURCE_NAMES, type SuppressionSource } from '@switchboard/core';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { FieldErrors, FormMessage } from '../components/field.tsx';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { formFailure, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';
import { suppressionQuery } from '../utils/suppression-query.ts';
import { formatCount } from '../utils/format.ts';
import { UtcTime } from '../components/utc-time.tsx';

export const meta: MetaFunction = () => [{ title: 'Suppression list · Switchboard' }];

const PAGE_SIZE = 50;
const SOURCE_LABELS: Record<SuppressionSource, string> = {
  unsubscribe: 'Unsubscribed',
  bounce: 'Bounced',
  complaint: 'Complaint',
  manual: 'Added by hand',
  import: 'Imported',
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const cursor = params.get('after');
  try {
    // A search the API refuses or a broken page link is left out, and the page says so.
    const { page, query, ignored } = await loadWithLinkFilters(
      { query: { ...suppressionQuery(params), ...(cursor ? { cursor } : {}) }, names: { search: 'search', cursor: 'page link' }, pageKey: 'cursor' },
      (query) => context.trpc.suppressions.list({ ...query, limit: PAGE_SIZE }),
    );
    return { page, query, ignored };
  } catch (error) {
    throwRequestError(error);
  }
}

type ActionResult = {
  message?: string | undefined;
  notice?: string | undefined;
  report?: { row: number; value: string; message: string }[] | undefined;
  /** An address or domain went on the list: the add form empties for the next one. */
  added?: boolean;
  /** Why the add form was refused, by field, shown under the field it names. */
  addErrors?: { value?: string[] | undefined; reason?: string[] | undefined };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get('intent');
  try {
    if (intent === 'remove') {
      const removed = await context.trpc.suppressions.remove({ id: String(form.get('id') ?? '') });
      return data<ActionResult>({ notice: `${removed.value} is off the list: it may be emailed again.` });
    }
    if (intent === 'import') {
      const file = form.get('file');
      if (!(file instanceof File) || file.size === 0) return data<ActionResult>({ message: 'Choose a CSV file to import.' });
      const result = await context.trpc.suppressions.import({ csv: await file.text(), fileName: file.name });
      const parts = [`${formatNumber(result.added)} added`, `${formatNumber(result.alreadySuppressed)} already on the list`];
      if (result.duplicates > 0) parts.push(`${formatNumber(result.duplicates)} repeated in the file`);
      if (result.rejectedCount > 0) parts.push(`${formatNumber(result.rejectedCount)} rows skipped`);
      return data<ActionResult>({ notice: `Imported ${file.name}: ${parts.join(', ')}.`, report: result.rejected });
    }
    const added = await context.trpc.suppressions.add({ value: String(form.get('value') ?? ''), reason: String(form.get('reason') ?? '') });
    const { value, kind } = added.suppression;
    return data<ActionResult>({
      added: true,
      notice: added.created
        ? `${kind === 'domain' ? `Every address at ${value}` : value} will get no more emails.`
        : `${value} was already on the list.`,
    });
  } catch (error) {
    const { status, failure } = formFailure(error);
    // A refused address is the address field's problem (a space, no dot): said under it, not above the card.
    if (intent !== 'remove' && intent !== 'import' && status === 400) {
      const reason = failure.fieldErrors.reason;
      const value = failure.fieldErrors.value ?? (reason ? undefined : [failure.message]);
      return data<ActionResult>({ addErrors: { value, reason } });
    }
    return data<ActionResult>({ message: failure.message === 'Check the highlighted fields.' ? Object.values(failure.fieldErrors).flat().join(' ') : failure.message }, { status: formAnswerStatus(status) });
  }
}

export default function SuppressionsPage() {
  const { page, query, ignored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const isAdmin = root?.me ? roleAllows(root.me.user.role, 'admin') : false;
  const addForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.added) addForm.current?.reset();
  }, [result]);
  const addErrors = result?.addErrors;
  const filtered = Boolean(query.search || query.source);
  const exportParams = new URLSearchParams({ sort: query.sort, ...(query.search ? { q: query.search } : {}), ...(query.source ? { source: query.source } : {}) });
  const nextParams = new URLSearchParams(exportParams);
  if (page.nextCursor) nextParams.set('after', page.nextCursor);
  const firstPageParams = exportParams;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Suppressions</h1>
          <p className="muted">
            Addresses and whole domains this workspace never emails: people who unsubscribed or complained, hard bounces, and
            entries added here. Every send is checked against this list.
          </p>
        </div>
      </header>
      <section className="card wide" aria-labelledby="suppressions-heading">
        <div className="card-header">
          <h2 id="suppressions-heading">
            Suppression list <span className="muted count" data-testid="suppressions-total">{formatCount(page.total)}</span>
          </h2>
          <a className="secondary-button" href={`/suppressions.csv?${exportParams.toString()}`} download>
            Export CSV
          </a>
        </div>
        <FormMessage message={result?.message} />
        {result?.notice ? (
          <p role="status" className="notice">
            {result.notice}
          </p>
        ) : null}
        {result?.report && result.report.length > 0 ? (
          <details open className="import-report">
            <summary>Rows that were skipped</summary>
            <ul>
              {result.report.map((rejection) => (
                <li key={rejection.row} className="break-anywhere">
                  Row {rejection.row}: {rejection.message}
                </li>
              ))}
            </ul>
          </details>
        ) : null}

        <Form method="post" className="inline-form add-entry" aria-label="Add to the suppression list" ref={addForm}>
          <div className="field">
            <label className="field-label" htmlFor="suppression-value">Email or domain</label>
            <input
              id="suppression-value"
              name="value"
              placeholder="jane@acme.com or acme.com"
              required
              maxLength={330}
              aria-invalid={addErrors?.value ? true : undefined}
              aria-describedby={addErrors?.value ? 'suppression-value-error' : undefined}
            />
            <FieldErrors id="suppression-value-error" errors={addErrors?.value} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="suppression-reason">Reason (optional)</label>
            <input
              id="suppression-reason"
              name="reason"
              placeholder="asked by phone"
              maxLength={500}
              aria-invalid={addErrors?.reason ? true : undefined}
              aria-describedby={addErrors?.reason ? 'suppression-reason-error' : undefined}
            />
            <FieldErrors id="suppression-reason-error" errors={addErrors?.reason} />
          </div>
          <button type="submit" name="intent" value="add" className="button">Suppress</button>
        </Form>

        <Form method="post" encType="multipart/form-data" className="inline-form add-entry" aria-label="Import a suppression list">
          <div className="field">
            <label className="field-label" htmlFor="suppression-file">CSV file (up to 1 MB)</label>
            <input id="suppression-file" name="file" type="file" accept=".csv,text/csv,text/plain" required />
          </div>
          <button type="submit" name="intent" value="import" className="secondary-button">Import</button>
        </Form>
        <p className="muted small">One address or domain per row, in the first column or under an “email” header; a “reason” column is kept.</p>

        <Form method="get" className="inline-form filters" aria-label="Filter the suppression list">
          <div className="field">
            <label className="field-label" htmlFor="suppressions-q">Search</label>
            <input id="suppressions-q" name="q" defaultValue={query.search ?? ''} placeholder="address or domain" />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="suppressions-source">Source</label>
            <select id="suppressions-source" name="source" defaultValue={query.source ?? ''}>
              <option value="">Any</option>
              {SUPPRESSION_SOURCE_NAMES.map((source) => (
                <option key={source} value={source}>{SOURCE_LABELS[source]}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="suppressions-sort">Sort</label>
            <select id="suppressions-sort" name="sort" defaultValue={query.sort}>
              <option value="newest">Newest first</option>
              <option value="value">Address A–Z</option>
            </select>
          </div>
          <button type="submit" className="secondary-button">Apply</button>
          {filtered ? <Link to="/suppressions">Clear filters</Link> : null}
        </Form>
        <IgnoredFiltersNote message={ignored} />

        {page.entries.length === 0 ? (
          <div className="empty-state">
            {filtered ? (
              <p className="empty-title">Nothing on the list matches these filters. <Link to="/suppressions">Clear them</Link>.</p>
            ) : (
              <>
                <p className="empty-title">Nobody is suppressed yet.</p>
                <p>Unsubscribes, complaints and hard bounces land here by themselves. Add an address above, or import a list from your old tool.</p>
              </>
            )}
          </div>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="suppressions-table">
              <thead>
                <tr>
                  <th scope="col">Email or domain</th>
                  <th scope="col">Source</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Added</th>
                  {isAdmin ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {page.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="break-anywhere">
                      {entry.value}
                      {entry.kind === 'domain' ? <span className="muted small"> (whole domain)</span> : null}
                    </td>
                    <td>{SOURCE_LABELS[entry.source]}</td>
                    <td className="break-anywhere">{entry.reason ?? ''}</td>
                    <td>
                      <UtcTime at={entry.createdAt} show="date" />
                      {entry.createdByEmail ? <div className="muted small break-anywhere">{entry.createdByEmail}</div> : null}
                    </td>
                    {isAdmin ? (
                      <td>
                        <Form
                          method="post"
                          onSubmit={(event) => {
                            if (!confirm(`Take ${entry.value} off the suppression list? Campaigns may email it again.`)) event.preventDefault();
                          }}
                        >
                          <input type="hidden" name="id" value={entry.id} />
                          <button type="submit" name="intent" value="remove" className="link-button danger">Remove</button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="inline-form">
          {query.cursor ? <Link to={`?${firstPageParams.toString()}`}>First page</Link> : null}
          {page.nextCursor ? <Link to={`?${nextParams.toString()}`}>Next page</Link> : null}
        </p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/leads" backLabel="Back to leads" />;
}
