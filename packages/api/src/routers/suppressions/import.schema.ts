import { safeText } from '@switchboard/core';
import { SUPPRESSION_IMPORT_MAX_CHARS } from '@switchboard/core/suppression';
import { z } from 'zod';

export const ZImportSuppressionsInputSchema = z.object({
  /** The file's text: one address or domain per row, optionally with a header. */
  csv: safeText()
    .min(1, { error: 'The file is empty: choose a CSV with one address or domain per row.' })
    .max(SUPPRESSION_IMPORT_MAX_CHARS, { error: `The file is larger than ${SUPPRESSION_IMPORT_MAX_CHARS / 1_000_000} MB; split it and import each part.` }),
  fileName: safeText().trim().max(255).optional(),
});
export type TImportSuppressionsInputSchema = z.infer<typeof ZImportSuppressionsInputSchema>;
