import { Invalid } from '@switchboard/core';
import { guessColumnMapping, readCsvPreview } from '@switchboard/core/lead-import';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TImportPreviewInputSchema } from './import.schema.ts';

const PREVIEW_ROWS = 5;

/** The mapping step: the file's columns, a first guess at which holds what, and its first rows. */
export async function importPreviewHandler({ input }: { ctx: AuthedContext; input: TImportPreviewInputSchema }) {
  // Refuses a binary file or broken CSV in the words the import itself would use.
  const { headers, rows } = await readCsvPreview(input.csv, PREVIEW_ROWS);
  if (headers.length === 0) throw new Invalid('This file is empty: it has no header row.');
  return { headers, mapping: guessColumnMapping(headers), rows };
}
