// The file parsed into staging rows with COPY, committed every STAGE_CHUNK_ROWS rows: each staging
// transaction also moves the import's staged_through_row with the counts so far, so the merger can
// take committed rows while the parser goes on, and a retry stages only the rows after the checkpoint.
import { readLeadCsv, type LeadImportMapping, type ParsedLeadRow } from '@switchboard/core/lead-import';
import {
  beginLeadImportStaging,
  copyLeadImportRows,
  recordLeadImportStaged,
  setLeadImportTransaction,
  type LeadImport,
  type LeadImportStagedCheckpoint,
  type Sql,
  type StagedRowsCopy,
} from '@switchboard/db';
import { fileText } from './file-text.ts';
import type { ProgressEvents } from './progress-events.ts';
import { ChunkTakenOver, type StagedRows } from './staged-rows.ts';

/**
 * Rows per staging transaction: also how often the rows read move on the import page, and how soon
 * the merger may start (its first chunk is FIRST_CHUNK_ROWS).
 */
export const STAGE_CHUNK_ROWS = 5_000;
// The parser fills a staging transaction between its statements; only the merge lock is worth a timeout.
const STAGE_STATEMENT_TIMEOUT_MS = 0;

/** A staging transaction held open while the parser fills its COPY; closed with its checkpoint, or rolled back. */
interface OpenStaging {
  copy: StagedRowsCopy;
  commit(checkpoint: LeadImportStagedCheckpoint): Promise<void>;
  rollback(error: Error): Promise<void>;
}

async function openStaging(sql: Sql, importId: string, afterRow: number): Promise<OpenStaging> {
  let opened!: (copy: StagedRowsCopy) => void;
  const copyReady = new Promise<StagedRowsCopy>((resolve) => (opened = resolve));
  let close!: (outcome: { checkpoint: LeadImportStagedCheckpoint } | { error: Error }) => void;
  const closed = new Promise<{ checkpoint: LeadImportStagedCheckpoint } | { error: Error }>((resolve) => (close = resolve));
  const transaction = sql.begin(async (tx) => {
    await setLeadImportTransaction(tx, STAGE_STATEMENT_TIMEOUT_MS);
    if (!(await beginLeadImportStaging(tx, importId, afterRow))) throw new ChunkTakenOver();
    const copy = await copyLeadImportRows(tx, importId);
    opened(copy);
    const outcome = await closed;
    if ('error' in outcome) {
      copy.abort(outcome.error);
      throw outcome.error;
    }
    await copy.end();
    if (!(await recordLeadImportStaged(tx, importId, outcome.checkpoint))) throw new ChunkTakenOver();
  });
  // Its failure is awaited on commit or rollback; until then nobody is listening.
  transaction.catch(() => {});
  const copy = await Promise.race([copyReady, transaction.then(() => copyReady)]);
  return {
    copy,
    async commit(checkpoint) {
      close({ checkpoint });
      await transaction;
    },
    async rollback(error) {
      close({ error });
      await transaction.catch(() => {});
    },
  };
}

/**
 * Parses the stored file into staging rows, telling `staged` about each commit. Rows an earlier
 * attempt committed (through `leadImport.stagedThroughRow`) are parsed again only to be counted.
 */
export async function stageFile(
  sql: Sql,
  leadImport: LeadImport,
  progress: ProgressEvents,
  staged: StagedRows,
  limits: { maxRows?: number | undefined; stageRows?: number | undefined },
): Promise<void> {
  const { maxRows, stageRows = STAGE_CHUNK_ROWS } = limits;
  const stagedBefore = leadImport.stagedThroughRow;
  const counts = { rowsRead: 0, rejected: 0, throughRow: stagedBefore };
  let stagedThrough = stagedBefore;
  let open: OpenStaging | null = null;
  let rowsInOpen = 0;
  let candidateRows: number[] = [];

  const commit = async (complete: boolean) => {
    const closing = open ?? (await openStaging(sql, leadImport.id, stagedThrough));
    open = null;
    rowsInOpen = 0;
    await closing.commit({ afterRow: stagedThrough, ...counts, complete });
    stagedThrough = counts.throughRow;
    staged.committed(candidateRows, complete);
    candidateRows = [];
    await progress.send('running', complete);
  };
  const writeOpening = async (row: ParsedLeadRow, full: boolean) => {
    open ??= await openStaging(sql, leadImport.id, stagedThrough);
    await open.copy.write(row);
    if (full) await commit(false);
  };
  const onRow = (row: ParsedLeadRow): Promise<void> | undefined => {
    staged.throwIfStopped();
    counts.rowsRead += 1;
    if ('reasons' in row) counts.rejected += 1;
    else candidateRows.push(row.row);
    if (row.row <= stagedBefore) {
      // Committed by an earlier attempt: the merger may have it now.
      if (candidateRows.length >= stageRows) {
        staged.committed(candidateRows, false);
        candidateRows = [];
      }
      return undefined;
    }
    counts.throughRow = row.row;
    rowsInOpen += 1;
    const full = rowsInOpen >= stageRows;
    return open && !full ? open.copy.write(row) : writeOpening(row, full);
  };

  const options = {
    mapping: (leadImport.mapping ?? {}) as LeadImportMapping,
    defaultCountry: leadImport.defaultCountry,
    sourceRef: `import:${leadImport.fileName}`,
    ...(maxRows === undefined ? {} : { maxRows }),
  };
  try {
    await readLeadCsv(fileText(sql, leadImport.id), options, onRow);
    await commit(true);
  } catch (error) {
    const rollingBack = open as OpenStaging | null;
    open = null;
    await rollingBack?.rollback(error as Error);
    throw error;
  }
}
