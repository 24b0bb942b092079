import type { ReactNode } from 'react';
import { Link } from '@remix-run/react';
import { StatusPill, type Tone } from './status-pill.tsx';
import { formatNumber } from '@switchboard/core';

export type LeadImportStatus = 'uploading' | 'uploaded' | 'queued' | 'running' | 'finished' | 'failed';

export const IMPORT_STATUS: Record<LeadImportStatus, { tone: Tone; label: string }> = {
  uploading: { tone: 'warn', label: 'uploading' },
  uploaded: { tone: 'warn', label: 'waiting for columns' },
  queued: { tone: 'neutral', label: 'queued' },
  running: { tone: 'good', label: 'running' },
  finished: { tone: 'neutral', label: 'finished' },
  failed: { tone: 'bad', label: 'failed' },
};

export function ImportStatusPill({ status }: { status: LeadImportStatus }) {
  return <StatusPill tone={IMPORT_STATUS[status].tone}>{IMPORT_STATUS[status].label}</StatusPill>;
}

export interface ImportCounters {
  status: LeadImportStatus;
  rowsRead: number;
  staged: boolean;
  inserted: number;
  merged: number;
  unchanged: number;
  possibleDuplicates: number;
  queuedForReview: number;
  rejected: number;
}

/** Where a running import is: reading the file (rows read, and merged as it goes), then merging the rows it could use. */
export function ImportProgress({ counters }: { counters: ImportCounters }) {
  const usable = Math.max(counters.rowsRead - counters.rejected, 0);
  const done = counters.inserted + counters.merged + counters.unchanged;
  const phase =
    counters.status === 'queued'
      ? 'Waiting for a worker to start…'
      : !counters.staged
        ? `Reading the file: ${formatNumber(counters.rowsRead)} rows read${done > 0 ? `, ${formatNumber(done)} merged` : ''}`
        : `Merging: ${formatNumber(done)} of ${formatNumber(usable)} rows`;
  return (
    <div className="discovery-progress" data-testid="import-progress" data-status={counters.status}>
      <div className="progress-head">
        <ImportStatusPill status={counters.status} />
        <span data-testid="import-phase">{phase}</span>
      </div>
      {counters.staged ? (
        <progress className="progress-bar" max={Math.max(usable, 1)} value={done} aria-label="Import progress"></progress>
      ) : (
        <progress className="progress-bar" aria-label="Reading the file"></progress>
      )}
    </div>
  );
}

export interface ImportReportRows {
  rejectedRows: { row: number; reasons: string[] }[];
  merges: { row: number; leadId: string; leadName: string; matchedOn: string }[];
  possibleDuplicates: { row: number; leadId: string; leadName: string; duplicateOf: { leadId: string; name: string }; shares: string }[];
}

/** Rows of a list shown at once; the rest of the listed ones open on request, so a long report stays short to scroll. */
const ROWS_SHOWN = 20;

function RowsTable({ testId, columns, rows }: { testId?: string; columns: string[]; rows: { row: number; cells: ReactNode[] }[] }) {
  return (
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
  );
}

/** One list of the report: file rows by number, with what happened to each; nothing when empty. */
function RowTable({ heading, intro, testId, columns, total, rows }: { heading: string; intro?: string; testId: string; columns: string[]; total: number; rows: { row: number; cells: ReactNode[] }[] }) {
  if (rows.length === 0) return null;
  const rest = rows.slice(ROWS_SHOWN);
  return (
    <>
      <h3>{heading}</h3>
      {intro ? <p className="muted">{intro}</p> : null}
      {total > rows.length ? <p className="muted">The first {formatNumber(rows.length)} of {formatNumber(total)} are listed.</p> : null}
      <RowsTable testId={testId} columns={columns} rows={rows.slice(0, ROWS_SHOWN)} />
      {rest.length > 0 ? (
        <details>
          <summary>Show {formatNumber(rest.length)} more</summary>
          <RowsTable columns={columns} rows={rest} />
        </details>
      ) : null}
    </>
  );
}

export function ImportReport({ importId, counters, rows, campaignId }: { importId: string; counters: ImportCounters; rows: ImportReportRows; campaignId: string | null }) {
  return (
    <>
      <dl className="progress-numbers" data-testid="import-report">
        <div>
          <dt>Rows read</dt>
          <dd data-testid="import-rows">{formatNumber(counters.rowsRead)}</dd>
        </div>
        <div>
          <dt>New leads</dt>
          <dd data-testid="import-imported">{formatNumber(counters.inserted)}</dd>
        </div>
        <div>
          <dt>Merged into known leads</dt>
          <dd data-testid="import-merged">{formatNumber(counters.merged)}</dd>
        </div>
        <div>
          <dt>Possible duplicates (in review)</dt>
          <dd data-testid="import-possible-duplicates">{formatNumber(counters.possibleDuplicates)}</dd>
        </div>
        <div>
          <dt>Already up to date</dt>
          <dd>{formatNumber(counters.unchanged)}</dd>
        </div>
        <div>
          <dt>Rejected rows</dt>
          <dd data-testid="import-rejected" className={counters.rejected > 0 ? 'bad-text' : undefined}>
            {formatNumber(counters.rejected)}
          </dd>
        </div>
      </dl>
      <p>
        {counters.queuedForReview > 0 ? (
          <>
            {formatNumber(counters.queuedForReview)} {counters.queuedForReview === 1 ? 'lead waits' : 'leads wait'} in the{' '}
            <Link to={campaignId ? `/leads/review?campaign=${campaignId}` : '/leads/review'}>review queue</Link>.{' '}
          </>
        ) : null}
        {counters.rejected > 0 ? (
          <>
            <a href={`/leads/import/${importId}/errors.csv`} download>Download the rejected rows (CSV)</a>.{' '}
          </>
        ) : null}
        <Link to="/leads/import">Import another file</Link>
      </p>
      <RowTable
        heading="Kept apart: possible duplicates"
        intro="These rows share only a phone number or an email address with a lead you have, while their name says another business. Each became its own lead and waits in review with a link to the other."
        testId="import-possible-duplicate-rows"
        columns={['New lead', 'May be the same as', 'Shares']}
        total={counters.possibleDuplicates}
        rows={rows.possibleDuplicates.map((duplicate) => ({
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
        total={counters.merged}
        rows={rows.merges.map((merge) => ({ row: merge.row, cells: [<Link key="lead" to={`/leads/${merge.leadId}`}>{merge.leadName}</Link>, merge.matchedOn] }))}
      />
      <RowTable
        heading="Rows not imported"
        testId="import-rejected-rows"
        columns={['Why']}
        total={counters.rejected}
        rows={rows.rejectedRows.map((rejected) => ({ row: rejected.row, cells: [rejected.reasons.join('; ')] }))}
      />
    </>
  );
}
