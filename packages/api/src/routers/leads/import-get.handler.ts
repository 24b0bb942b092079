import { Invalid } from '@switchboard/core';
import { guessColumnMapping, readCsvPreview } from '@switchboard/core/lead-import';
import { readLeadImportHead, type Db } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TImportGetInputSchema } from './import.schema.ts';
import { importView, requireLeadImport } from './import-view.ts';

const PREVIEW_ROWS = 5;

/** The first rows of the stored file (its first piece, cut at its last whole line): the preview never needs the whole file. */
async function previewOf(sql: Db, importId: string, fileBytes: number) {
  const bytes = await readLeadImportHead(sql, importId);
  const head = new TextDecoder('utf-8').decode(bytes, { stream: true });
  const lastLineEnd = bytes.length < fileBytes ? head.lastIndexOf('\n') : -1;
  try {
    // Refuses a binary file or broken CSV in the words the import itself would use.
    const { headers, rows } = await readCsvPreview(lastLineEnd > 0 ? head.slice(0, lastLineEnd + 1) : head, PREVIEW_ROWS);
    if (headers.length === 0) return { headers, rows, mapping: {}, problem: 'This file is empty: it has no header row.' };
    return { headers, rows, mapping: guessColumnMapping(headers), problem: null };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return { headers: [], rows: [], mapping: {}, problem: error.message };
  }
}

/** One import with its counters and report; while it waits for its mapping, the file's first rows and a guessed mapping. */
export async function importGetHandler({ ctx, input }: { ctx: AuthedContext; input: TImportGetInputSchema }) {
  const found = await requireLeadImport(ctx.db, ctx.workspace.id, input.importId);
  return {
    ...importView(found),
    report: found.report,
    preview: found.status === 'uploaded' ? await previewOf(ctx.db, found.id, found.bytes) : null,
  };
}
