import { describeLeadKeys } from '@switchboard/core';
import type { ReactNode } from 'react';
import { LEAD_IMPORT_FIELDS, type LeadImportField } from '@switchboard/core/lead-import';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { FormMessage } from '../components/field.tsx';
import { useLeadVocabulary } from '../components/lead-vocabulary.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { requestError } from '../utils/request-errors.server.ts';

export const meta: MetaFunction = () => [{ title: 'Import leads · Switchboard' }];

const MAX_FILE_BYTES = 20 * 1024 * 1024;
// Up to this size the file rides along in the mapping form, so the page works without JavaScript and
// without keeping uploads on the server; a bigger one is chosen again on the mapping step.
const CARRY_MAX_CHARS = 5 * 1024 * 1024;
const MAPPING_PREFIX = 'map.';

export async function loader({ context }: LoaderFunctionArgs) {
  return { campaigns: await context.trpc.campaigns.names() };
}

interface Upload {
  csv: string;
  fileName: string;
}

class UploadProblem extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** The CSV text: the file chosen now, or the text carried from the previous step. */
async function readUpload(form: FormData): Promise<Upload> {
  const file = form.get('file');
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_FILE_BYTES) throw new UploadProblem('The file is larger than 20 MB: split it into smaller files.', 413);
    return { csv: await file.text(), fileName: file.name || 'upload.csv' };
  }
  const carried = form.get('csv');
  if (typeof carried === 'string' && carried.length > 0) return { csv: carried, fileName: String(form.get('fileName') || 'upload.csv') };
  throw new UploadProblem('Choose a CSV file to import.', 400);
}

function mappingOf(form: FormData): Partial<Record<LeadImportField, number>> {
  const mapping: Partial<Record<LeadImportField, number>> = {};
  for (const spec of LEAD_IMPORT_FIELDS) {
    const value = form.get(`${MAPPING_PREFIX}${spec.field}`);
    if (typeof value === 'string' && /^\d+$/.test(value)) mapping[spec.field] = Number(value);
  }
  return mapping;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? 'preview');
  const campaignId = String(form.get('campaignId') ?? '') || undefined;
  const defaultCountry = String(form.get('defaultCountry') ?? '').trim() || undefined;
  let upload: Upload | undefined;
  try {
    upload = await readUpload(form);
    const preview = await context.trpc.leads.importPreview({ csv: upload.csv });
    const mappingStep = {
      step: 'mapping' as const,
      fileName: upload.fileName,
      csv: upload.csv.length <= CARRY_MAX_CHARS ? upload.csv : null,
      preview: intent === 'import' ? { ...preview, mapping: mappingOf(form) } : preview,
      campaignId: campaignId ?? '',
      defaultCountry: defaultCountry ?? '',
    };
    if (intent !== 'import') return { ...mappingStep, message: undefined };
    try {
      const report = await context.trpc.leads.importCsv({
        csv: upload.csv,
        fileName: upload.fileName,
        mapping: mappingOf(form),
        ...(campaignId ? { campaignId } : {}),
        ...(defaultCountry ? { defaultCountry } : {}),
      });
      // Key kinds in words here, on the server, so the page bundle does not carry the core library.
      const described: Report = {
        ...report,
        merges: report.merges.map(({ on, ...merge }) => ({ ...merge, matchedOn: describeLeadKeys(on) })),
        possibleDuplicates: report.possibleDuplicates.map(({ on, ...duplicate }) => ({ ...duplicate, shares: describeLeadKeys(on) })),
      };
      return { step: 'report' as const, fileName: upload.fileName, report: described, campaignId: campaignId ?? '' };
    } catch (error) {
      // A mapping the file cannot be read with: back to the mapping step, with why.
      const problem = requestError(error);
      if (!problem) throw error;
      return data({ ...mappingStep, message: problem.message }, { status: problem.status });
    }
  } catch (error) {
    if (error instanceof UploadProblem) return data({ step: 'upload' as const, message: error.message }, { status: error.status });
    const problem = requestError(error);
    if (!problem) throw error;
    return data({ step: 'upload' as const, message: problem.message }, { status: problem.status });
  }
}

export default function ImportPage() {
  const { campaigns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const canImport = root?.me?.user.role === 'operator' || root?.me?.user.role === 'admin';
  const { importFields } = useLeadVocabulary();
  if (!canImport) {
    return (
      <section className="empty-state">
        <p className="empty-title">Importing needs the operator role.</p>
        <p>Ask an admin of this workspace if you need to import leads.</p>
      </section>
    );
  }
  if (result?.step === 'report') return <ImportReport fileName={result.fileName} report={result.report} campaignId={result.campaignId} />;
  if (result?.step === 'mapping') {
    return (
      <section className="card wide" aria-labelledby="mapping-heading">
        <h2 id="mapping-heading">2. Match the columns of {result.fileName}</h2>
        <p className="muted">Each lead field takes one column; the guesses are from the header names. Only the business name is required.</p>
        <FormMessage message={result.message} />
        <Form method="post" encType="multipart/form-data" className="stack">
          <input type="hidden" name="fileName" value={result.fileName} />
          {result.csv !== null ? (
            <textarea name="csv" defaultValue={result.csv} hidden readOnly aria-hidden="true" />
          ) : (
            <div className="field">
              <label className="field-label" htmlFor="import-file-again">Choose {result.fileName} again</label>
              <input id="import-file-again" name="file" type="file" accept=".csv,text/csv" required />
              <span className="field-hint">Files over 5 MB are not kept between steps.</span>
            </div>
          )}
          <div className="mapping-grid">
            {importFields.map((spec) => {
              const chosen = result.preview.mapping[spec.field];
              return (
                <div className="field" key={spec.field}>
                  <label className="field-label" htmlFor={`map-${spec.field}`}>
                    {spec.label}
                    {spec.required ? ' *' : ''}
                  </label>
                  <select id={`map-${spec.field}`} name={`${MAPPING_PREFIX}${spec.field}`} defaultValue={chosen === undefined ? '' : String(chosen)} required={spec.required}>
                    <option value="">— not imported —</option>
                    {result.preview.headers.map((header, index) => (
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
            <CampaignSelect campaigns={campaigns} defaultValue={result.campaignId} />
            <CountryField defaultValue={result.defaultCountry} />
          </div>
          <h3>First rows</h3>
          <div className="table-scroll">
            <table className="table compact" data-testid="import-sample">
              <thead>
                <tr>
                  {result.preview.headers.map((header, index) => (
                    <th key={index} scope="col">{header || `Column ${index + 1}`}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.preview.rows.map((row, rowIndex) => (
                  <tr key={rowIndex}>
                    {result.preview.headers.map((_header, index) => (
                      <td key={index}>{row[index] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="inline-form">
            <button type="submit" name="intent" value="import" className="button" disabled={busy}>
              {busy ? 'Importing…' : 'Import leads'}
            </button>
            <Link to="/leads/import">Start over</Link>
          </div>
        </Form>
      </section>
    );
  }
  return (
    <section className="card wide" aria-labelledby="upload-heading">
      <h2 id="upload-heading">1. Choose a CSV file</h2>
      <p className="muted">
        One business per row with a header row; up to 20 MB. Businesses you already have are merged, not added twice. Each row that
        cannot be used is reported with the reason.
      </p>
      <FormMessage message={result?.message} />
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label className="field-label" htmlFor="import-file">CSV file</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <div className="inline-form filters">
          <CampaignSelect campaigns={campaigns} defaultValue="" />
          <CountryField defaultValue="" />
        </div>
        <div className="inline-form">
          <button type="submit" name="intent" value="preview" className="button" disabled={busy}>
            Next: match columns
          </button>
        </div>
      </Form>
    </section>
  );
}

function CampaignSelect({ campaigns, defaultValue }: { campaigns: { id: string; name: string }[]; defaultValue: string }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor="import-campaign">Campaign (optional)</label>
      <select id="import-campaign" name="campaignId" defaultValue={defaultValue}>
        <option value="">None</option>
        {campaigns.map((campaign) => (
          <option key={campaign.id} value={campaign.id}>{campaign.name}</option>
        ))}
      </select>
    </div>
  );
}

function CountryField({ defaultValue }: { defaultValue: string }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor="import-country">Default country</label>
      <input id="import-country" name="defaultCountry" defaultValue={defaultValue} placeholder="US" maxLength={60} />
      <span className="field-hint">For rows without one, and phone numbers without a country code.</span>
    </div>
  );
}

interface Report {
  rows: number;
  imported: number;
  merged: number;
  unchanged: number;
  possibleDuplicateCount: number;
  queuedForReview: number;
  rejectedCount: number;
  rejected: { row: number; reasons: string[] }[];
  merges: { row: number; leadId: string; leadName: string; matchedOn: string }[];
  possibleDuplicates: { row: number; leadId: string; leadName: string; duplicateOf: { leadId: string; name: string }; shares: string }[];
}

/** One list of the report: file rows by number, with what happened to each; nothing when empty. */
function RowTable({ heading, intro, testId, columns, total, rows }: { heading: string; intro?: string; testId: string; columns: string[]; total: number; rows: { row: number; cells: ReactNode[] }[] }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h3>{heading}</h3>
      {intro ? <p className="muted">{intro}</p> : null}
      {total > rows.length ? <p className="muted">The first {rows.length.toLocaleString()} of {total.toLocaleString()} are listed.</p> : null}
      <div className="table-scroll">
        <table className="table compact" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col" className="number">Row</th>
              {columns.map((column) => (
                <th key={column} scope="col">{column}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ row, cells }) => (
              <tr key={row}>
                <td className="number">{row}</td>
                {cells.map((cell, index) => (
                  <td key={index}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ImportReport({ fileName, report, campaignId }: { fileName: string; report: Report; campaignId: string }) {
  return (
    <section className="card wide" aria-labelledby="report-heading">
      <h2 id="report-heading">3. Imported {fileName}</h2>
      <dl className="progress-numbers" data-testid="import-report">
        <div>
          <dt>Rows read</dt>
          <dd>{report.rows.toLocaleString()}</dd>
        </div>
        <div>
          <dt>New leads</dt>
          <dd data-testid="import-imported">{report.imported.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Merged into known leads</dt>
          <dd data-testid="import-merged">{report.merged.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Possible duplicates (in review)</dt>
          <dd data-testid="import-possible-duplicates">{report.possibleDuplicateCount.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Already up to date</dt>
          <dd>{report.unchanged.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Rejected rows</dt>
          <dd data-testid="import-rejected" className={report.rejectedCount > 0 ? 'bad-text' : undefined}>
            {report.rejectedCount.toLocaleString()}
          </dd>
        </div>
      </dl>
      <p>
        {report.queuedForReview > 0 ? (
          <>
            {report.queuedForReview.toLocaleString()} {report.queuedForReview === 1 ? 'lead waits' : 'leads wait'} in the{' '}
            <Link to={campaignId ? `/leads/review?campaign=${campaignId}` : '/leads/review'}>review queue</Link>.{' '}
          </>
        ) : null}
        <Link to="/leads/import">Import another file</Link>
      </p>
      <RowTable
        heading="Kept apart: possible duplicates"
        intro="These rows share only a phone number or an email address with a lead you have, while their name says another business. Each became its own lead and waits in review with a link to the other."
        testId="import-possible-duplicate-rows"
        columns={['New lead', 'May be the same as', 'Shares']}
        total={report.possibleDuplicateCount}
        rows={report.possibleDuplicates.map((duplicate) => ({
          row: duplicate.row,
          cells: [
            <Link key="lead" to={`/leads/${duplicate.leadId}`}>{duplicate.leadName}</Link>,
            <Link key="other" to={`/leads/${duplicate.duplicateOf.leadId}`}>{duplicate.duplicateOf.name}</Link>,
            duplicate.shares,
          ],
        }))}
      />
      <RowTable
        heading="Rows merged into known leads"
        testId="import-merged-rows"
        columns={['Lead', 'Matched on']}
        total={report.merged}
        rows={report.merges.map((merge) => ({ row: merge.row, cells: [<Link key="lead" to={`/leads/${merge.leadId}`}>{merge.leadName}</Link>, merge.matchedOn] }))}
      />
      <RowTable
        heading="Rows not imported"
        testId="import-rejected-rows"
        columns={['Why']}
        total={report.rejectedCount}
        rows={report.rejected.map((rejected) => ({ row: rejected.row, cells: [rejected.reasons.join('; ')] }))}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/leads/import" backLabel="Start the import again" />;
}
