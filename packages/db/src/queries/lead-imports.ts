// Lead imports as background jobs: the uploaded file in ~1 MB pieces, its parsed rows staged with
// COPY, and one row per import with the progress and report the import page shows.
import { finished } from 'node:stream/promises';
import type { Db, Sql, TransactionSql } from '../client.ts';
import { COPY_WRITE_CHARS } from './lead-merge/copy-text.ts';

/** Who started an import, as the audit log names them. */
export interface LeadImportActor {
  userId: string | null;
  label: string;
  ip: string | null;
}

export const LEAD_IMPORT_STATUSES = Object.freeze(['uploading', 'uploaded', 'queued', 'running', 'finished', 'failed'] as const);
export type LeadImportStatus = (typeof LEAD_IMPORT_STATUSES)[number];

export interface LeadImportReportMerge {
  row: number;
  leadId: string;
  leadName: string;
  on: string[];
}

export interface LeadImportReportDuplicate {
  row: number;
  leadId: string;
  leadName: string;
  duplicateOf: { leadId: string; name: string };
  on: string[];
}

export interface LeadImport {
  id: string;
  workspaceId: string;
  createdBy: string | null;
  fileName: string;
  status: LeadImportStatus;
  bytes: number;
  mapping: Record<string, number> | null;
  campaignId: string | null;
  defaultCountry: string | null;
  stagedAt: Date | null;
  stagedThroughRow: number;
  mergedThroughRow: number;
  rowsRead: number;
  inserted: number;
  merged: number;
  unchanged: number;
  possibleDuplicates: number;
  queuedForReview: number;
  rejected: number;
  report: { merges: LeadImportReportMerge[]; possibleDuplicates: LeadImportReportDuplicate[] };
  failure: string | null;
  actor: LeadImportActor;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const LEAD_IMPORT_COLUMNS = (sql: Db) => sql`
  id, workspace_id as "workspaceId", created_by as "createdBy", file_name as "fileName", status, bytes::float8 as bytes,
  mapping, campaign_id as "campaignId", default_country as "defaultCountry", staged_at as "stagedAt",
  staged_through_row as "stagedThroughRow", merged_through_row as "mergedThroughRow", rows_read as "rowsRead", inserted, merged, unchanged,
  possible_duplicates as "possibleDuplicates", queued_for_review as "queuedForReview", rejected, report, failure,
  json_build_object('userId', created_by, 'label', coalesce(created_by_label, 'import'), 'ip', created_ip) as actor,
  created_at as "createdAt", updated_at as "updatedAt", started_at as "startedAt", finished_at as "finishedAt"`;

/** Postgres refused the row because this person already has an import at work (lead_imports_one_active_idx). */
function isOneActiveViolation(error: unknown): boolean {
  const { code, constraint_name: constraint } = error as { code?: string; constraint_name?: string };
  return code === '23505' && constraint === 'lead_imports_one_active_idx';
}

/**
 * Opens an upload for a person, or returns null when they already have an import uploading, queued
 * or running in this workspace. One that stopped moving no longer counts (it is marked failed
 * first): an upload silent for `staleAfterMs` (its web process died), an import queued or running
 * without progress for `stuckAfterMs` (its job was lost, or its worker died on the last attempt).
 */
export async function beginLeadImportUpload(
  sql: Sql,
  input: { workspaceId: string; actor: LeadImportActor; fileName: string; staleAfterMs: number; stuckAfterMs?: number },
): Promise<{ id: string } | null> {
  // Separate statements, no transaction: the insert's unique violation is the answer, not a failure to roll back.
  await sql`
    update lead_imports set status = 'failed', failure = 'The upload stopped before the end of the file.', updated_at = now(), finished_at = now()
    where workspace_id = ${input.workspaceId} and created_by = ${input.actor.userId} and status = 'uploading'
      and updated_at < now() - make_interval(secs => ${input.staleAfterMs / 1000})`;
  if (input.stuckAfterMs !== undefined) {
    await sql`
      update lead_imports set status = 'failed', failure = 'The import stopped making progress (its worker went away). Upload the file again.', updated_at = now(), finished_at = now()
      where workspace_id = ${input.workspaceId} and created_by = ${input.actor.userId} and status in ('queued', 'running')
        and updated_at < now() - make_interval(secs => ${input.stuckAfterMs / 1000})`;
  }
  try {
    const [row]: [{ id: string }?] = await sql`
      insert into lead_imports (workspace_id, created_by, created_by_label, created_ip, file_name)
      values (${input.workspaceId}, ${input.actor.userId}, ${input.actor.label}, ${input.actor.ip}, ${input.fileName})
      returning id`;
    return row ?? null;
  } catch (error) {
    if (isOneActiveViolation(error)) return null;
    throw error;
  }
}

/**
 * Settings for one of an import's transactions (staging, or merging a chunk): its statement timeout,
 * and a commit that does not wait for its WAL to reach disk. A crash of the database in the moment
 * after such a commit loses the whole transaction, never part of it: the leads of a chunk and the
 * checkpoint that counts them (merged_through_row) go together, so the retry merges the chunk again
 * from the last checkpoint that survived and adds no row twice.
 */
export async function setLeadImportTransaction(tx: TransactionSql, statementTimeoutMs: number): Promise<void> {
  await tx`select set_config('statement_timeout', ${String(statementTimeoutMs)}, true), set_config('synchronous_commit', 'off', true)`;
}

/** Stores one piece of an upload (pieces are numbered from 0 in file order). */
export async function appendLeadImportChunk(sql: Db, importId: string, seq: number, bytes: Buffer): Promise<void> {
  await sql`
    with piece as (insert into lead_import_chunks (import_id, seq, bytes) values (${importId}, ${seq}, ${bytes}))
    update lead_imports set bytes = bytes + ${bytes.length}, updated_at = now() where id = ${importId} and status = 'uploading'`;
}

/** The whole file is stored: it waits for its column mapping. */
export async function finishLeadImportUpload(sql: Db, importId: string): Promise<void> {
  await sql`update lead_imports set status = 'uploaded', updated_at = now() where id = ${importId} and status = 'uploading'`;
}

/** An upload refused or broken off: nothing of it is kept. */
export async function discardLeadImportUpload(sql: Db, importId: string): Promise<void> {
  await sql`delete from lead_imports where id = ${importId} and status = 'uploading'`;
}

export async function findLeadImport(sql: Db, workspaceId: string, importId: string): Promise<LeadImport | undefined> {
  const [row]: [LeadImport?] = await sql`select ${LEAD_IMPORT_COLUMNS(sql)} from lead_imports where workspace_id = ${workspaceId} and id = ${importId}`;
  return row;
}

/** A workspace's most recent imports, newest first. */
export async function listLeadImports(sql: Db, workspaceId: string, limit: number): Promise<LeadImport[]> {
  return sql<LeadImport[]>`
    select ${LEAD_IMPORT_COLUMNS(sql)} from lead_imports where workspace_id = ${workspaceId}
    order by created_at desc, id desc limit ${limit}`;
}

/** The first bytes of a stored file (its first piece), for the mapping step's preview. */
export async function readLeadImportHead(sql: Db, importId: string): Promise<Buffer> {
  const [row]: [{ bytes: Buffer }?] = await sql`select bytes from lead_import_chunks where import_id = ${importId} and seq = 0`;
  return row?.bytes ?? Buffer.alloc(0);
}

/**
 * Moves an uploaded file to `queued` with its mapping: 'started' when it did, 'busy' when the person
 * has another import at work, 'gone' when it is not waiting for a mapping (already started).
 */
export async function queueLeadImport(
  sql: Db,
  input: { workspaceId: string; importId: string; mapping: Record<string, number>; campaignId: string | null; defaultCountry: string | null },
): Promise<'started' | 'busy' | 'gone'> {
  try {
    const rows = await sql`
      update lead_imports
      set status = 'queued', mapping = ${sql.json(input.mapping)}, campaign_id = ${input.campaignId}, default_country = ${input.defaultCountry}, updated_at = now()
      where workspace_id = ${input.workspaceId} and id = ${input.importId} and status = 'uploaded'
      returning id`;
    return rows.length > 0 ? 'started' : 'gone';
  } catch (error) {
    if (isOneActiveViolation(error)) return 'busy';
    throw error;
  }
}

/** The job takes the import (a retry takes it again); undefined when it is finished, failed or gone. */
export async function claimLeadImport(sql: Db, importId: string): Promise<LeadImport | undefined> {
  const [row]: [LeadImport?] = await sql`
    update lead_imports set status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
    where id = ${importId} and status in ('queued', 'running')
    returning ${LEAD_IMPORT_COLUMNS(sql)}`;
  return row;
}

/** The stored file's pieces in order, one query per piece, so a reader holds one piece at a time. */
export async function* readLeadImportChunks(sql: Db, importId: string): AsyncGenerator<Buffer, void, undefined> {
  for (let seq = 0; ; seq += 1) {
    const [row]: [{ bytes: Buffer }?] = await sql`select bytes from lead_import_chunks where import_id = ${importId} and seq = ${seq}`;
    if (!row) return;
    yield row.bytes;
  }
}

export type StagedLeadRow = { row: number; candidate: object } | { row: number; reasons: string[] };

/**
 * COPY text format: a backslash starts an escape; JSON.stringify already escapes tabs and line breaks.
 * Most rows hold no backslash at all (then no \u0000 either): they skip both copies of the text.
 */
function copyJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (!json.includes('\\')) return json;
  return json.replace(/\\u0000/g, '').replace(/\\/g, '\\\\');
}

/** Parsed rows streamed into staging by one COPY in the caller's transaction. */
export interface StagedRowsCopy {
  /** Queues a row; a promise when the stream wants the writer to wait. */
  write(row: StagedLeadRow): Promise<void> | undefined;
  /** Sends the rest and ends the COPY. */
  end(): Promise<void>;
  /** Ends the COPY with `error` (its transaction then rolls back). */
  abort(error: Error): void;
}

/** Starts a COPY of parsed rows into the import's staging rows, in the caller's transaction. */
export async function copyLeadImportRows(tx: TransactionSql, importId: string): Promise<StagedRowsCopy> {
  const copy = await tx`copy lead_import_rows (import_id, row, candidate, reasons) from stdin`.writable();
  // The connection ends the stream with the server's error; a writer waiting for room hears it too.
  let failure: Error | null = null;
  copy.on('error', (error: Error) => (failure ??= error));
  const stopped = () => failure ?? (copy.destroyed ? new Error('The COPY into lead_import_rows ended early.') : null);
  const room = () =>
    new Promise<void>((resolve, reject) => {
      const done = () => {
        copy.off('drain', done);
        copy.off('close', done);
        const error = stopped();
        if (error) reject(error);
        else resolve();
      };
      copy.on('drain', done);
      copy.on('close', done);
    });
  let pending = '';
  const flush = async () => {
    const error = stopped();
    if (error) throw error;
    const text = pending;
    pending = '';
    if (!copy.write(text)) await room();
  };
  return {
    write(staged) {
      if ('reasons' in staged) pending += `${importId}\t${staged.row}\t\\N\t${copyJson(staged.reasons)}\n`;
      else pending += `${importId}\t${staged.row}\t${copyJson(staged.candidate)}\t\\N\n`;
      return pending.length >= COPY_WRITE_CHARS ? flush() : undefined;
    },
    async end() {
      if (pending) await flush();
      copy.end();
      await finished(copy);
    },
    abort(error) {
      copy.destroy(error);
    },
  };
}

/**
 * Starts a staging transaction: it waits for any other attempt's staging transaction of the import,
 * then checks the import is still staged through `afterRow` (false: another attempt moved on first).
 */
export async function beginLeadImportStaging(tx: TransactionSql, importId: string, afterRow: number): Promise<boolean> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`switchboard.lead-import-staging:${importId}`}, 0))`;
  const rows = await tx`select 1 from lead_imports where id = ${importId} and status = 'running' and staged_at is null and staged_through_row = ${afterRow}`;
  return rows.length > 0;
}

export interface LeadImportStagedCheckpoint {
  /** Where the import was staged through when this transaction began. */
  afterRow: number;
  /** The last row this transaction staged (afterRow when it staged none). */
  throughRow: number;
  /** Rows read and refused from the start of the file through `throughRow`. */
  rowsRead: number;
  rejected: number;
  /** The parser reached the end of the file: every row is staged. */
  complete: boolean;
}

/**
 * Moves the staging checkpoint with the counts, in the staging transaction that wrote the rows, only
 * when the import is where the caller read it: false means another attempt got there first.
 */
export async function recordLeadImportStaged(tx: TransactionSql, importId: string, checkpoint: LeadImportStagedCheckpoint): Promise<boolean> {
  const rows = await tx`
    update lead_imports set
      staged_through_row = ${checkpoint.throughRow}, rows_read = ${checkpoint.rowsRead}, rejected = ${checkpoint.rejected},
      staged_at = ${checkpoint.complete ? tx`clock_timestamp()` : tx`null`}, updated_at = now()
    where id = ${importId} and status = 'running' and staged_at is null and staged_through_row = ${checkpoint.afterRow}
    returning id`;
  return rows.length > 0;
}

/** The next staged candidates after `afterRow`, in file order. */
export async function nextStagedLeadCandidates<Candidate>(sql: Db, importId: string, afterRow: number, limit: number): Promise<{ row: number; candidate: Candidate }[]> {
  return sql<{ row: number; candidate: Candidate }[]>`
    select row, candidate from lead_import_rows
    where import_id = ${importId} and row > ${afterRow} and candidate is not null
    order by row limit ${limit}`;
}

export interface LeadImportChunkOutcome {
  throughRow: number;
  inserted: number;
  merged: number;
  unchanged: number;
  possibleDuplicates: number;
  queuedForReview: number;
  merges: LeadImportReportMerge[];
  duplicates: LeadImportReportDuplicate[];
}

/**
 * Counts a merged chunk, in the chunk's transaction, only when the import is where the caller
 * read it (`afterRow`): false means another attempt got there first and the transaction must roll back.
 */
export async function recordLeadImportChunk(tx: TransactionSql, importId: string, afterRow: number, outcome: LeadImportChunkOutcome): Promise<boolean> {
  const rows = await tx`
    update lead_imports set
      merged_through_row = ${outcome.throughRow},
      inserted = inserted + ${outcome.inserted}, merged = merged + ${outcome.merged}, unchanged = unchanged + ${outcome.unchanged},
      possible_duplicates = possible_duplicates + ${outcome.possibleDuplicates}, queued_for_review = queued_for_review + ${outcome.queuedForReview},
      report = jsonb_build_object(
        'merges', (report -> 'merges') || ${tx.json(outcome.merges as never)}::jsonb,
        'possibleDuplicates', (report -> 'possibleDuplicates') || ${tx.json(outcome.duplicates as never)}::jsonb),
      updated_at = now()
    where id = ${importId} and status = 'running' and merged_through_row = ${afterRow}
    returning id`;
  return rows.length > 0;
}

/** The share of the leads table an import must add before the table's statistics are refreshed for it. */
export const LEAD_STATISTICS_STALE_SHARE = 0.1;

/**
 * Whether an import added a notable share of the leads table (LEAD_STATISTICS_STALE_SHARE of the rows
 * the statistics know), so the planner's statistics should be refreshed (refreshLeadStatistics): the
 * lead pages' estimated counts ("about 100,000") and their plans then see the new rows at once instead
 * of after autovacuum's next pass (until then the count 100,000 imported leads showed was "about
 * 84,000"). A smaller import moves the estimates less than their rounding: no ANALYZE of a large table.
 */
export async function leadStatisticsStaleAfterImport(sql: Sql, importId: string): Promise<boolean> {
  const [check]: [{ stale: boolean }?] = await sql`
    select i.inserted >= ${LEAD_STATISTICS_STALE_SHARE} * greatest(c.reltuples, 0) as stale
    from lead_imports i, pg_class c where i.id = ${importId} and c.oid = 'leads'::regclass`;
  return check?.stale ?? false;
}

/** Refreshes the planner's statistics of the leads table. A role that does not own the table gets a warning from PostgreSQL, not an error. */
export async function refreshLeadStatistics(sql: Sql): Promise<void> {
  await sql`analyze leads`;
}

/** The import is done: the report stays, the file and the merged candidates go (refused rows stay for the error CSV). */
export async function finishLeadImport(sql: Sql, importId: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update lead_imports set status = 'finished', finished_at = clock_timestamp(), updated_at = now() where id = ${importId} and status = 'running'`;
    await tx`delete from lead_import_chunks where import_id = ${importId}`;
    await tx`delete from lead_import_rows where import_id = ${importId} and candidate is not null`;
  });
}

/** The import cannot go on (a file the parser refuses); `failure` says why in words. */
export async function failLeadImport(sql: Sql, importId: string, failure: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update lead_imports set status = 'failed', failure = ${failure}, finished_at = now(), updated_at = now() where id = ${importId} and status in ('queued', 'running')`;
    await tx`delete from lead_import_chunks where import_id = ${importId}`;
    await tx`delete from lead_import_rows where import_id = ${importId}`;
  });
}

/** Refused rows in file order, after `afterRow` (the error CSV is read a page at a time). */
export async function listLeadImportRejections(sql: Db, workspaceId: string, importId: string, afterRow: number, limit: number): Promise<{ row: number; reasons: string[] }[]> {
  return sql<{ row: number; reasons: string[] }[]>`
    select r.row, r.reasons from lead_import_rows r join lead_imports i on i.id = r.import_id
    where i.workspace_id = ${workspaceId} and r.import_id = ${importId} and r.row > ${afterRow} and r.reasons is not null
    order by r.row limit ${limit}`;
}
