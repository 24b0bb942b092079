// Whether an import may merge its first rows while the rest of its file is still parsed. A file the
// parser refuses as a whole is refused before any lead is merged, so merging goes first only when
// nothing later in the file can refuse it; otherwise the file is staged whole first, as it always was.
import { Invalid } from '@switchboard/core';
import { LEAD_IMPORT_MAX_ROWS, readLeadCsv } from '@switchboard/core/lead-import';
import { readLeadImportChunks, type Sql } from '@switchboard/db';
import { fileText } from './file-text.ts';
import type { StagedRows } from './staged-rows.ts';

const NUL = 0x00;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const QUOTE = 0x22;

/** The file was all staged before the check ended: its answer no longer matters. */
class CheckNotNeeded extends Error {}

/** Throws when the check should end early: staging or merging failed, or the file is all staged. */
function checkGoesOn(staged: StagedRows): void {
  staged.throwIfStopped();
  if (staged.complete) throw new CheckNotNeeded();
}

/** What one pass over the stored bytes tells about the file, before it is parsed. */
interface StoredFileScan {
  /** At least the number of record breaks (a CSV has at most one record more than this). */
  lineBreaks: number;
  /** A NUL byte: the parser refuses the file as binary when it reaches it. */
  binary: boolean;
  /** Without a double quote the parser has no syntax to refuse (the settings allow ragged rows). */
  quoted: boolean;
}

/** Counts line breaks (LF, and CR not followed by LF: the parser accepts all three endings) and looks for NUL and quote bytes. */
async function scanStoredFile(sql: Sql, importId: string, staged: StagedRows): Promise<StoredFileScan> {
  const scan: StoredFileScan = { lineBreaks: 0, binary: false, quoted: false };
  for await (const bytes of readLeadImportChunks(sql, importId)) {
    checkGoesOn(staged);
    scan.binary ||= bytes.includes(NUL);
    scan.quoted ||= bytes.includes(QUOTE);
    for (let at = bytes.indexOf(LINE_FEED); at !== -1; at = bytes.indexOf(LINE_FEED, at + 1)) scan.lineBreaks += 1;
    // A CR ending a piece counts even when the next piece starts with LF: an upper bound is all that is needed.
    for (let at = bytes.indexOf(CARRIAGE_RETURN); at !== -1; at = bytes.indexOf(CARRIAGE_RETURN, at + 1)) {
      if (bytes[at + 1] !== LINE_FEED) scan.lineBreaks += 1;
    }
  }
  return scan;
}

/**
 * True when no row of the file can make the parser refuse it after the first rows are staged: it
 * cannot have more than `maxRows` rows (a data row per line break at most), has no NUL byte, and
 * either has no quote or parses through to its end. The header and mapping are checked on the first
 * row, before anything is committed, so they need no pass of their own. It runs beside the staging
 * of the first rows and gives up as soon as `staged` stops.
 */
export async function canMergeWhileStaging(sql: Sql, importId: string, staged: StagedRows, maxRows = LEAD_IMPORT_MAX_ROWS): Promise<boolean> {
  try {
    const scan = await scanStoredFile(sql, importId, staged);
    if (scan.binary || scan.lineBreaks > maxRows) return false;
    if (!scan.quoted) return true;
    // The same parser with one mapped column: its syntax errors without most of the per-row work. A
    // refused file is staged whole first, so the staging pass refuses it in its usual words.
    await readLeadCsv(fileText(sql, importId), { mapping: { name: 0 }, sourceRef: 'check', maxRows }, () => checkGoesOn(staged));
    return true;
  } catch (error) {
    if (error instanceof Invalid || error instanceof CheckNotNeeded) return false;
    throw error;
  }
}
