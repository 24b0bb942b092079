import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator, useRouteLoaderData } from '@remix-run/react';
// The limits alone: the module holding them imports nothing, so the browser bundle stays free of the parser.
import { LEAD_IMPORT_MAX_BYTES } from '@switchboard/core/lead-import/limits';
import { useEffect, useState, type FormEvent } from 'react';
import { ImportStatusPill } from '../components/lead-import-report.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { useLiveEvent, useLiveReconnect } from '../utils/live.ts';
import { UtcTime } from '../components/utc-time.tsx';
import { formatNumber } from '@switchboard/core';

export const meta: MetaFunction = () => [{ title: 'Import leads · Switchboard' }];

export async function loader({ context }: LoaderFunctionArgs) {
  return { imports: await context.trpc.leads.imports() };
}

/**
 * Step 1: the file goes to POST /leads/import/upload as a plain multipart form (streamed into the
 * database, so no JavaScript and no size-limited JSON body), which answers with the import's page.
 * Below, the workspace's recent imports, so a person can leave and come back to one.
 */
export default function ImportPage() {
  const { imports } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const canImport = root?.can.operate ?? false;
  const revalidator = useRevalidator();
  const upload = useUploadForm();
  const reload = () => {
    if (revalidator.state === 'idle') revalidator.revalidate();
  };
  useLiveEvent('leads.import_progress', reload);
  useLiveReconnect(reload);
  return (
    <>
      {canImport ? (
        <section className="card wide" aria-labelledby="upload-heading">
          <h2 id="upload-heading">1. Choose a CSV file</h2>
          <p className="muted">
            One business per row with a header row; up to 200 MB or 1,000,000 rows. The import runs in the background: you can leave this page and
            come back. Businesses you already have are merged, not added twice. Each row that cannot be used is reported with the reason.
          </p>
          <form method="post" action="/leads/import/upload" encType="multipart/form-data" className="stack" onSubmit={upload.onSubmit}>
            <div className="field">
              <label className="field-label" htmlFor="import-file">CSV file</label>
              <input
                id="import-file"
                name="file"
                type="file"
                accept=".csv,text/csv"
                required
                aria-invalid={upload.problem ? true : undefined}
                aria-describedby={upload.problem ? 'import-file-problem' : undefined}
                onChange={upload.onChange}
              />
              {upload.problem ? (
                <p id="import-file-problem" className="field-error" role="alert">
                  {upload.problem}
                </p>
              ) : null}
            </div>
            <div className="inline-form">
              <button type="submit" className="button" disabled={upload.sending}>
                {upload.sending ? 'Uploading…' : 'Upload and match columns'}
              </button>
            </div>
          </form>
        </section>
      ) : (
        <section className="empty-state">
          <p className="empty-title">Importing needs the operator role.</p>
          <p>Ask an admin of this workspace if you need to import leads.</p>
        </section>
      )}
      <section className="card wide" aria-labelledby="recent-imports-heading">
        <h2 id="recent-imports-heading">Recent imports</h2>
        {imports.length === 0 ? (
          <p className="muted">No imports yet: upload a CSV file above.</p>
        ) : (
          <div className="table-scroll">
            <table className="table compact" data-testid="recent-imports">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="number">Rows</th>
                  <th scope="col" className="number">New</th>
                  <th scope="col" className="number">Merged</th>
                  <th scope="col" className="number">Rejected</th>
                  <th scope="col">Uploaded</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((leadImport) => (
                  <tr key={leadImport.id}>
                    <td>
                      <Link to={`/leads/import/${leadImport.id}`}>{leadImport.fileName}</Link>
                    </td>
                    <td>
                      <ImportStatusPill status={leadImport.status} />
                    </td>
                    <td className="number">{formatNumber(leadImport.rowsRead)}</td>
                    <td className="number">{formatNumber(leadImport.inserted)}</td>
                    <td className="number">{formatNumber(leadImport.merged)}</td>
                    <td className="number">{formatNumber(leadImport.rejected)}</td>
                    <td>
                      <UtcTime at={leadImport.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/leads/import" backLabel="Start the import again" />;
}

/**
 * The upload is a plain form post (it works without JavaScript); with it, a file over the limit is refused
 * before it is sent (the server's 413 would come only after the browser started sending it), and the
 * button says the file is on its way, since a big file takes a while.
 */
function useUploadForm() {
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // Back to this page from the browser's history: the form is ready again, not still "uploading".
  useEffect(() => {
    const ready = () => setSending(false);
    window.addEventListener('pageshow', ready);
    return () => window.removeEventListener('pageshow', ready);
  }, []);
  const tooBig = (input: HTMLInputElement | null): boolean => (input?.files?.[0]?.size ?? 0) > LEAD_IMPORT_MAX_BYTES;
  const message = `The file is larger than ${LEAD_IMPORT_MAX_BYTES / (1024 * 1024)} MB: split it into smaller files.`;
  return {
    problem,
    sending,
    onChange(event: FormEvent<HTMLInputElement>) {
      setProblem(tooBig(event.currentTarget) ? message : null);
    },
    onSubmit(event: FormEvent<HTMLFormElement>) {
      if (tooBig(event.currentTarget.elements.namedItem('file') as HTMLInputElement | null)) {
        event.preventDefault();
        setProblem(message);
        return;
      }
      setSending(true);
    },
  };
}
