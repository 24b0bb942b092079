import { forEachCsvRecord } from '../lead-import/csv-records.ts';
import { Invalid } from '../errors/index.ts';
import { parseSuppressionValue, SUPPRESSION_REASON_MAX_LENGTH, type SuppressionValue } from './entries.ts';
import { formatNumber } from '../text/number.ts';

/** A suppression file's size limit: it travels in one form post (the web server takes 1 MB), about 30,000 addresses. */
export const SUPPRESSION_IMPORT_MAX_CHARS = 1_000_000;
export const SUPPRESSION_IMPORT_MAX_ROWS = 50_000;
/** Rejected rows reported back one by one; more are counted. */
export const SUPPRESSION_IMPORT_REPORTED_REJECTIONS = 100;

// Header names, lower-cased and without spaces/underscores/hyphens, that name the column to read.
const VALUE_HEADERS = new Set(['value', 'email', 'emailaddress', 'address', 'domain', 'suppression', 'mail']);
const REASON_HEADERS = new Set(['reason', 'note', 'notes', 'comment']);

export interface SuppressionImportRow extends SuppressionValue {
  reason: string | null;
}

export interface SuppressionImportRejection {
  /** The spreadsheet row number (the first line of the file is row 1). */
  row: number;
  value: string;
  message: string;
}

export interface SuppressionImportParse {
  entries: SuppressionImportRow[];
  rejected: SuppressionImportRejection[];
  rejectedCount: number;
  /** Rows naming an entry an earlier row already named. */
  duplicateCount: number;
  /** Whether the first row was read as a header (and so skipped). */
  hasHeader: boolean;
}

function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * Reads a suppression file: one address or domain per row, in the first column or the column headed
 * "email", "value", "domain" (…); a "reason" or "note" column is kept. A first row whose cells are not
 * addresses or domains but name such a column is a header. Bad rows are reported, never the whole file.
 */
export async function parseSuppressionCsv(text: string): Promise<SuppressionImportParse> {
  if (text.length > SUPPRESSION_IMPORT_MAX_CHARS) {
    throw new Invalid(`The file is larger than ${SUPPRESSION_IMPORT_MAX_CHARS / 1_000_000} MB; split it and import each part.`);
  }
  const result: SuppressionImportParse = { entries: [], rejected: [], rejectedCount: 0, duplicateCount: 0, hasHeader: false };
  const seen = new Set<string>();
  let valueColumn = 0;
  let reasonColumn = -1;
  let row = 0;
  let dataRows = 0;
  let firstRowRead = false;
  const reject = (value: string, message: string) => {
    result.rejectedCount += 1;
    if (result.rejected.length < SUPPRESSION_IMPORT_REPORTED_REJECTIONS) result.rejected.push({ row, value: value.slice(0, 200), message });
  };
  await forEachCsvRecord(text, { skipEmpty: false }, (record) => {
    row += 1;
    if (record.every((cell) => cell === '')) return;
    if (!firstRowRead) {
      firstRowRead = true;
      const keys = record.map(headerKey);
      const named = keys.findIndex((key) => VALUE_HEADERS.has(key));
      if (!record.some((cell) => parseSuppressionValue(cell).ok) && named !== -1) {
        result.hasHeader = true;
        valueColumn = named;
        reasonColumn = keys.findIndex((key) => REASON_HEADERS.has(key));
        return;
      }
    }
    dataRows += 1;
    if (dataRows > SUPPRESSION_IMPORT_MAX_ROWS) {
      throw new Invalid(`The file has more than ${formatNumber(SUPPRESSION_IMPORT_MAX_ROWS)} rows; split it and import each part.`);
    }
    const cell = record[valueColumn] ?? '';
    const parsed = parseSuppressionValue(cell);
    if (!parsed.ok) return reject(cell, parsed.message);
    const key = `${parsed.entry.kind}:${parsed.entry.value}`;
    if (seen.has(key)) {
      result.duplicateCount += 1;
      return;
    }
    seen.add(key);
    const reason = reasonColumn === -1 ? '' : (record[reasonColumn] ?? '').slice(0, SUPPRESSION_REASON_MAX_LENGTH);
    result.entries.push({ ...parsed.entry, reason: reason === '' ? null : reason });
  });
  return result;
}
