import { describeLeadKeys, type LeadKeyKind } from '@switchboard/core';
import { LEAD_IMPORT_FIELDS, type LeadImportField } from '@switchboard/core/lead-import';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { FormMessage } from '../components/field.tsx';
import { ImportProgress, ImportReport, ImportStatusPill } from '../components/lead-import-report.tsx';
import { useLeadVocabulary } from '../components/lead-vocabulary.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import { useLiveEvent, useLiveReconnect } from '../utils/live.ts';
import { requestError, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';
import { UtcTime } from '../components/utc-time.tsx';

export const meta: MetaFunction = () => [{ title: 'Import leads · Switchboard' }];

const MAPPING_PREFIX = 'map.';
/** The report lists this many rejected rows; the CSV download has them all. */
const REPORT_REJECTED_ROWS = 1_000;
/** Events are the fast path; this catches up when one was missed while the import is at work. */
const SAFETY_POLL_MS = 5_000;

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const leadImport = await context.trpc.leads.importGet({ importId: params.importId ?? '' });
    const campaigns = leadImport.status === 'uploaded' ? await context.trpc.campaigns.names() : [];
    const rejectedRows =
      leadImport.status === 'finished' && leadImport.rejected > 0
        ? (await context.trpc.leads.importRejections({ importId: leadImport.id, limit: REPORT_REJECTED_ROWS })).rows
        : [];
    // Key kinds in words here, on the server, so the page bundle does not carry the core library.
    const rows = {
      rejectedRows,
      merges: leadImport.report.merges.map(({ on, ...merge }) => ({ ...merge, matchedOn: describeLeadKeys(on as LeadKeyKind[]) })),
      possibleDuplicates: leadImport.report.possibleDuplicates.map(({ on, ...duplicate }) => ({ ...duplicate, shares: describeLeadKeys(on as LeadKeyKind[]) })),
    };
    const { report: _report, ...counters } = leadImport;
    return { leadImport: counters, rows, campaigns };
  } catch (error) {
    throwRequestError(error);
  }
}

function mappingOf(form: FormData): Partial<Record<LeadImportField, number>> {
  const mapping: Partial<Record<LeadImportField, number>> = {};
  for (const spec of LEAD_IMPORT_FIELDS) {
    const value = form.get(`${MAPPING_PREFIX}${spec.field}`);
    if (typeof value === 'string' && /^\d+$/.test(value)) mapping[spec.field] = Number(value);
  }
  return mapping;
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const campaignId = String(form.get('campaignId') ?? '') || undefined;
  const defaultCountry = String(form.get('defaultCountry') ?? '').trim() || undefined;
  try {
    await context.trpc.leads.importStart({
      importId: params.importId ?? '',
      mapping: mappingOf(form),
      ...(campaignId ? { campaignId } : {}),
      ...(defaultCountry ? { defaultCountry } : {}),
    });
  } catch (error) {
    // A mapping the file cannot be read with: back to the mapping step, with why.
    const problem = requestError(error);
    if (!problem) throw error;
    return data({ message: problem.message }, { status: formAnswerStatus(problem.status) });
  }
  return redirect(`/leads/import/${params.importId}`);
}

export default function ImportOnePage() {
  const { leadImport, rows, campaigns } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  useLiveEvent('leads.import_progress', (payload) => {
    if (payload.importId === leadImport.id && revalidator.state === 'idle') revalidator.revalidate();
  });
  useLiveReconnect(() => {
    if (revalidator.state === 'idle') revalidator.revalidate();
  });
  const atWork = leadImport.status === 'queued' || leadImport.status === 'running';
  // The latest revalidator, so the poller is not restarted on every render.
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    if (!atWork) return;
    const poller = setInterval(() => {
      if (latest.current.state === 'idle') latest.current.revalidate();
    }, SAFETY_POLL_MS);
    return () => clearInterval(poller);
  }, [atWork]);

  return (
    <section className="card wide" aria-labelledby="import-heading" data-testid="lead-import" data-status={leadImport.status}>
      <h2 id="import-heading">
        {leadImport.status === 'uploaded' ? `2. Match the columns of ${leadImport.fileName}` : `Import of ${leadImport.fileName}`}
      </h2>
      {leadImport.status === 'uploaded' ? <MappingStep leadImport={leadImport} campaigns={campaigns} /> : null}
      {atWork ? <ImportProgress counters={leadImport} /> : null}
      {leadImport.status === 'finished' ? (
        <>
          <p>
            <ImportStatusPill status="finished" /> {leadImport.finishedAt ? (
              <>
                at <UtcTime at={leadImport.finishedAt} show="time" />
              </>
            ) : null}
          </p>
          <ImportReport importId={leadImport.id} counters={leadImport} rows={rows} campaignId={leadImport.campaignId} />
        </>
      ) : null}
      {leadImport.status === 'failed' || leadImport.status === 'uploading' ? (
        <>
          <FormMessage message={leadImport.failure ?? 'This upload did not finish.'} />
          <p>
            <Link to="/leads/import">Import another file</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function MappingStep({ leadImport, campaigns }: { leadImport: Loaded['leadImport']; campaigns: Loaded['campaigns'] }) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const { importFields } = useLeadVocabulary();
  const preview = leadImport.preview;
  if (!preview || preview.problem) {
    return (
      <>
        <FormMessage message={preview?.problem ?? 'This file cannot be read.'} />
        <p>
          <Link to="/leads/import">Choose another file</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <p className="muted">Each lead field takes one column; the guesses are from the header names. Only the business name is required.</p>
      <FormMessage message={result?.message} />
      <Form method="post" className="stack">
        <div className="mapping-grid">
          {importFields.map((spec) => {
            const chosen = (preview.mapping as Partial<Record<LeadImportField, number>>)[spec.field];
            return (
              <div className="field" key={spec.field}>
                <label className="field-label" htmlFor={`map-${spec.field}`}>
                  {spec.label}
                  {spec.required ? ' *' : ''}
                </label>
                <select id={`map-${spec.field}`} name={`${MAPPING_PREFIX}${spec.field}`} defaultValue={chosen === undefined ? '' : String(chosen)} required={spec.required}>
                  <option value="">— not imported —</option>
                  {preview.headers.map((header, index) => (
                    <option key={index} value={index}>
                      {header || `Column ${index + 1}`}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </div>
        <div className="inline-form filters">
          <div className="field">
            <label className="field-label" htmlFor="import-campaign">Campaign (optional)</label>
            <select id="import-campaign" name="campaignId" defaultValue="">
              <option value="">None</option>
              {campaigns.map((campaign) => (
                <option key={campaign.id} value={campaign.id}>{campaign.name}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="import-country">Default country</label>
            <input id="import-country" name="defaultCountry" placeholder="US" maxLength={60} />
            <span className="field-hint">For rows without one, and phone numbers without a country code.</span>
          </div>
        </div>
        <h3>First rows</h3>
        <div className="table-scroll">
          <table className="table compact import-sample" data-testid="import-sample">
            <thead>
              <tr>
                {preview.headers.map((header, index) => (
                  <th key={index} scope="col">{header || `Column ${index + 1}`}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {preview.headers.map((_header, index) => (
                    <td key={index} title={row[index] ?? undefined}>{row[index] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="inline-form">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Starting…' : 'Import leads'}
          </button>
          <Link to="/leads/import">Start over</Link>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/leads/import" backLabel="Back to imports" />;
}
