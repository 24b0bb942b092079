// A lead file arrives as a stream and is stored in ~1 MB pieces as it comes, so neither the web
// process nor the request holds the file, and any worker on any machine can read it back.
import { Forbidden, Invalid, RateLimited, roleAllows } from '@switchboard/core';
import { LEAD_IMPORT_MAX_BYTES, LEAD_IMPORT_MAX_ROWS } from '@switchboard/core/lead-import';
import { appendLeadImportChunk, beginLeadImportUpload, discardLeadImportUpload, finishLeadImportUpload } from '@switchboard/db';
import type { AuthedContext } from '../procedures/index.ts';

export { LEAD_IMPORT_MAX_BYTES };
/** Stored pieces are about this big: few rows per file, small enough to read back one at a time. */
const PIECE_BYTES = 1024 * 1024;
/** An upload that has sent nothing for this long is taken for dead and no longer blocks the next one. */
const STALE_UPLOAD_MS = 2 * 60_000;
/**
 * An import queued or running without progress for this long has lost its job (the job's own time
 * limit is 30 minutes per attempt, and a running import records progress every few thousand rows).
 */
const STUCK_IMPORT_MS = 45 * 60_000;
/** What a person with an import at work is told to wait before trying again. */
export const BUSY_RETRY_AFTER_S = 30;
const LINE_FEED = 0x0a;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface UploadLimits {
  maxBytes: number;
  maxRows: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = Object.freeze({ maxBytes: LEAD_IMPORT_MAX_BYTES, maxRows: LEAD_IMPORT_MAX_ROWS });

/** The upload is over a limit: the caller answers 413 with this message. */
export class UploadTooLarge extends Invalid {}

function tooBig(limits: UploadLimits): UploadTooLarge {
  const size = limits.maxBytes >= 1024 * 1024 ? `${Math.round(limits.maxBytes / (1024 * 1024))} MB` : `${Math.round(limits.maxBytes / 1024)} KB`;
  return new UploadTooLarge(`The file is larger than ${size}: split it into smaller files.`);
}

function lineFeeds(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(LINE_FEED); at !== -1; at = bytes.indexOf(LINE_FEED, at + 1)) count += 1;
  return count;
}

/** Only operators and admins import; the context's user and workspace are already checked by the caller. */
export function requireImporter(ctx: AuthedContext): void {
  if (!roleAllows(ctx.user.role, 'operator')) throw new Forbidden(`Importing needs the operator role in ${ctx.workspace.name}.`);
}

/**
 * Stores an uploaded lead file for the current workspace and returns its import id; the import
 * waits for its column mapping. Refused before anything is stored when the declared size is over
 * the limit or the person already has an import at work (RateLimited), and stopped as soon as the
 * bytes or line breaks read pass a limit (line breaks bound the rows: a row ends with one).
 */
export async function receiveLeadImportUpload(
  ctx: AuthedContext,
  input: { fileName: string; declaredBytes: number | null },
  body: AsyncIterable<Uint8Array>,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): Promise<{ importId: string }> {
  requireImporter(ctx);
  if (input.declaredBytes !== null && input.declaredBytes > limits.maxBytes) throw tooBig(limits);
  // The name comes from the client's form: control characters and lone surrogates (which Postgres
  // text refuses) are dropped rather than failing the upload.
  const fileName = input.fileName.replace(CONTROL_OR_LONE_SURROGATE, '').trim().slice(0, 200).replace(CONTROL_OR_LONE_SURROGATE, '') || 'upload.csv';
  const opened = await beginLeadImportUpload(ctx.db, {
    workspaceId: ctx.workspace.id,
    actor: { userId: ctx.user.id, label: ctx.user.email, ip: ctx.origin.ip },
    fileName,
    staleAfterMs: STALE_UPLOAD_MS,
    stuckAfterMs: STUCK_IMPORT_MS,
  });
  if (!opened) throw new RateLimited('You already have an import in progress in this workspace: wait for it to finish, then upload the next file.', BUSY_RETRY_AFTER_S);
  const importId = opened.id;
  try {
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let total = 0;
    let lines = 0;
    const store = async () => {
      await appendLeadImportChunk(ctx.db, importId, seq, Buffer.concat(pending));
      seq += 1;
      pending = [];
      pendingBytes = 0;
    };
    for await (const piece of body) {
      total += piece.length;
      if (total > limits.maxBytes) throw tooBig(limits);
      lines += lineFeeds(piece);
      // The header line plus one per row: past that, the file has too many rows.
      if (lines > limits.maxRows + 1) throw new UploadTooLarge(`The file has more than ${limits.maxRows.toLocaleString('en-US')} rows: split it into smaller files.`);
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= PIECE_BYTES) await store();
    }
    if (total === 0) throw new Invalid('The file is empty.');
    if (pendingBytes > 0) await store();
    await finishLeadImportUpload(ctx.db, importId);
    ctx.log.info({ importId, bytes: total }, 'lead file uploaded');
    return { importId };
  } catch (error) {
    await discardLeadImportUpload(ctx.db, importId).catch((cleanup: unknown) => ctx.log.warn({ err: cleanup, importId }, 'could not discard a broken-off upload'));
    throw error;
  }
}
