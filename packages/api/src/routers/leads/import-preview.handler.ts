import { Invalid } from '@switchboard/core';
import { guessColumnMapping } from '@switchboard/core/lead-import';
import type { AuthedContext } from '../../procedures/index.ts';
import { readCsvPreview } from './csv-preview.ts';
import type { TImportPreviewInputSchema } from './import.schema.ts';

const PREVIEW_ROWS = 5;

/** The mapping step: the file's columns, a first guess at which holds what, and its first rows. */
export function importPreviewHandler({ input }: { ctx: AuthedContext; input: TImportPreviewInputSchema }) {
  if (input.csv.startsWith('PK\u0003\u0004') || input.csv.includes('\u0000')) {
    throw new Invalid('This file is not a CSV (it looks like a spreadsheet or other binary file). Save it as CSV and try again.');
  }
  const { headers, rows } = readCsvPreview(input.csv, PREVIEW_ROWS);
  if (headers.length === 0) throw new Invalid('This file is empty: it has no header row.');
  return { headers, mapping: guessColumnMapping(headers), rows };
}
