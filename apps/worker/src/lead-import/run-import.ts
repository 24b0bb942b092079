// The lead import job's work: the stored file parsed into staging rows with COPY, and the staged rows
// merged a chunk at a time, each chunk's transaction also moving the import's checkpoint, so a retry
// after a crash goes on from the last committed chunk and never merges a row twice. The two run side
// by side (the parser works while the merger waits for Postgres) when nothing later in the file can
// refuse it; a file that might be refused is staged whole before its first row is merged.
import { Invalid, leadEventTarget, type LeadCandidate, type Logger } from '@switchboard/core';
import {
  claimLeadImport,
  deferLeadSearchIndexing,
  failLeadImport,
  finishLeadImport,
  mergeLeadCandidates,
  prepareFirstMergeChunk,
  nextStagedLeadCandidates,
  queueImportedLeadsForReview,
  recordLeadImportChunk,
  setLeadImportTransaction,
  type LeadImport,
  type LeadImportChunkOutcome,
  type Publish,
  type Sql,
} from '@switchboard/db';
import { canMergeWhileStaging } from './file-check.ts';
import { ProgressEvents } from './progress-events.ts';
import { SearchIndexFolds } from './search-index-folds.ts';
import { stageFile } from './stage-file.ts';
import { ChunkTakenOver, StagedRows } from './staged-rows.ts';

/**
 * Staged rows merged per transaction. Each transaction has a fixed cost (lock, owners, review queue,
 * checkpoint, event): 20,000 rows merged ~25-40 % faster than 5,000 in a 40k-row trial on this
 * machine, and hold the workspace's merge lock for a few seconds at most, which discovery's jobs wait out.
 */
export const IMPORT_CHUNK_ROWS = 20_000;
/**
 * An attempt's first chunk: merging starts once this many rows are staged rather than a whole chunk
 * (~0.7 s sooner for a large file here), and each next chunk is twice the last up to the full size,
 * so the merger never outruns the parser staging ahead of it.
 */
export const FIRST_CHUNK_ROWS = 5_000;

/** The size of an attempt's `index`th chunk (from 0): FIRST_CHUNK_ROWS doubling up to `chunkRows`. */
export function chunkSize(index: number, chunkRows: number): number {
  return Math.min(chunkRows, FIRST_CHUNK_ROWS * 2 ** Math.min(index, 30));
}
/** The report lists this many merged rows and possible duplicates; the counts cover them all. */
export const REPORT_MAX_ROWS = 1_000;
// A chunk may wait for discovery's merge lock and writes thousands of rows.
const MERGE_STATEMENT_TIMEOUT_MS = 120_000;

export interface LeadImportServices {
  sql: Sql;
  publish: Publish;
  log: Logger;
}

export interface LeadImportLimits {
  maxRows?: number;
  /** Staged rows merged per transaction (IMPORT_CHUNK_ROWS unless given). */
  chunkRows?: number;
  /** Rows parsed per staging transaction (STAGE_CHUNK_ROWS unless given). */
  stageRows?: number;
}

/**
 * Imports a stored file. A file the rules refuse (not CSV, too many rows, a bad mapping) fails the
 * import with the reason; any other error is thrown so the queue retries, and `lastAttempt` makes
 * that error final for the import too.
 */
export async function runLeadImport(services: LeadImportServices, importId: string, options: LeadImportLimits & { lastAttempt?: boolean } = {}): Promise<void> {
  const { sql, log } = services;
  const claimed = await claimLeadImport(sql, importId);
  if (!claimed) {
    log.info({ importId }, 'lead import is no longer waiting: nothing to do');
    return;
  }
  const progress = new ProgressEvents(services.publish, claimed);
  const folds = new SearchIndexFolds(sql, log, importId);
  await progress.send('running', true);
  try {
    await stageAndMerge(services, claimed, progress, folds, options);
    await finishLeadImport(sql, importId);
    await progress.send('finished', true);
  } catch (error) {
    if (error instanceof ChunkTakenOver) return;
    if (error instanceof Invalid) {
      await failLeadImport(sql, importId, error.message);
      await progress.send('failed', true);
      return;
    }
    if (options.lastAttempt) {
      await failLeadImport(sql, importId, 'The import failed on our side; it has been logged. Try the file again.');
      await progress.send('failed', true);
    }
    throw error;
  } finally {
    await folds.finish();
  }
}

/**
 * Stages the file (unless an earlier attempt staged all of it) while merging what is staged. A failure
 * of either stops the other; both have stopped when this returns or throws the first failure.
 */
async function stageAndMerge(
  services: LeadImportServices,
  leadImport: LeadImport,
  progress: ProgressEvents,
  folds: SearchIndexFolds,
  options: LeadImportLimits,
): Promise<void> {
  const { sql } = services;
  const chunkRows = options.chunkRows ?? IMPORT_CHUNK_ROWS;
  if (leadImport.stagedAt) {
    await mergeStagedRows(services, leadImport, progress, folds, chunkRows, new StagedRows({ complete: true, mergeWhileStaging: true }));
    return;
  }
  // A merged chunk means an earlier attempt found the file fit to merge while staging.
  const staged = new StagedRows({ complete: false, mergeWhileStaging: leadImport.mergedThroughRow > 0 });
  const stop = (error: unknown) => {
    staged.stop(error);
    throw error;
  };
  const work = [stageFile(sql, leadImport, progress, staged, options), mergeStagedRows(services, leadImport, progress, folds, chunkRows, staged)];
  // The file is checked while its first rows are staged: the merger waits for both.
  if (leadImport.mergedThroughRow === 0) {
    work.push(canMergeWhileStaging(sql, leadImport.id, staged, options.maxRows).then((fit) => (fit ? staged.allowMergeWhileStaging() : undefined)));
  }
  await Promise.allSettled(work.map((task) => task.catch(stop)));
  if (staged.failure) throw staged.failure.error;
}

async function mergeStagedRows(
  services: LeadImportServices,
  leadImport: LeadImport,
  progress: ProgressEvents,
  folds: SearchIndexFolds,
  chunkRows: number,
  staged: StagedRows,
): Promise<void> {
  const { sql } = services;
  let afterRow = leadImport.mergedThroughRow;
  let mergesRoom = REPORT_MAX_ROWS - leadImport.report.merges.length;
  let duplicatesRoom = REPORT_MAX_ROWS - leadImport.report.possibleDuplicates.length;
  let chunksRead = 0;
  const readAfter = (row: number) => {
    const size = chunkSize(chunksRead++, chunkRows);
    // Only committed rows are read: the query sees no staging transaction still open.
    const reading = staged
      .waitForChunk(row, size)
      .then(() => nextStagedLeadCandidates<LeadCandidate>(sql, leadImport.id, row, size))
      // Its first merge chunk is worked out too, so the transaction that merges it starts writing at once.
      .then((batch) => ({ batch, firstChunk: prepareFirstMergeChunk(batch.map((entry) => entry.candidate)) }));
    // A chunk that fails leaves its prefetched successor unread; its error, if any, is not the import's.
    reading.catch(() => {});
    return reading;
  };
  let nextBatch = readAfter(afterRow);
  for (;;) {
    const { batch, firstChunk } = await nextBatch;
    staged.throwIfStopped();
    if (batch.length === 0) return;
    // The next chunk is read (and its JSON parsed) on another connection while this one merges.
    nextBatch = readAfter(batch.at(-1)!.row);
    const outcome = await sql.begin(async (tx) => {
      await setLeadImportTransaction(tx, MERGE_STATEMENT_TIMEOUT_MS);
      await deferLeadSearchIndexing(tx);
      // New leads go straight into review as they are inserted (a second write of each would cost as
      // much as the insert); known leads the file added to are queued if their state allows it.
      const result = await mergeLeadCandidates(tx, {
        workspaceId: leadImport.workspaceId,
        campaignId: leadImport.campaignId,
        candidates: firstChunk.candidates,
        firstChunk,
        newLeadStatus: { status: leadEventTarget('queue_for_review'), changedBy: leadImport.actor.userId },
      });
      const inserted = new Set(result.leads.filter((lead) => lead.outcome === 'inserted').map((lead) => lead.leadId));
      const touched = [...new Set(result.leads.filter((lead) => lead.outcome === 'merged' && !inserted.has(lead.leadId)).map((lead) => lead.leadId))];
      // Leads inserted straight into review count as queued too. The person who started the import is in
      // the audit log (leads.importStart); the leads it queued are in its report.
      const queued = inserted.size + (await queueImportedLeadsForReview(tx, leadImport.workspaceId, touched, leadImport.actor.userId));
      const chunk: LeadImportChunkOutcome = {
        throughRow: batch.at(-1)!.row,
        inserted: result.inserted,
        merged: result.merged,
        unchanged: 0,
        possibleDuplicates: 0,
        queuedForReview: queued,
        merges: [],
        duplicates: [],
      };
      for (const [index, lead] of result.leads.entries()) {
        const row = batch[index]!.row;
        if (lead.outcome === 'unchanged') chunk.unchanged += 1;
        if (lead.outcome === 'merged' && chunk.merges.length < mergesRoom) chunk.merges.push({ row, leadId: lead.leadId, leadName: lead.name, on: lead.matchedOn });
        if (lead.possibleDuplicateOf) {
          chunk.possibleDuplicates += 1;
          const { leadId, name, on } = lead.possibleDuplicateOf;
          if (chunk.duplicates.length < duplicatesRoom) chunk.duplicates.push({ row, leadId: lead.leadId, leadName: lead.name, duplicateOf: { leadId, name }, on });
        }
      }
      if (!(await recordLeadImportChunk(tx, leadImport.id, afterRow, chunk))) throw new ChunkTakenOver();
      return chunk;
    });
    afterRow = outcome.throughRow;
    folds.chunkMerged();
    mergesRoom -= outcome.merges.length;
    duplicatesRoom -= outcome.duplicates.length;
    if (outcome.inserted + outcome.merged > 0) {
      await services.publish(leadImport.workspaceId, 'leads.changed', { campaignId: leadImport.campaignId, count: outcome.inserted + outcome.merged });
    }
    await progress.send('running');
  }
}
