import { safeText } from '@switchboard/core';
import { LEAD_IMPORT_FIELD_NAMES } from '@switchboard/core/lead-import';
import { z } from 'zod';

const ZImportId = z.uuid({ error: 'That is not an import id.' });

export const ZImportGetInputSchema = z.object({ importId: ZImportId });
export type TImportGetInputSchema = z.infer<typeof ZImportGetInputSchema>;

export const ZImportStartInputSchema = z.object({
  importId: ZImportId,
  /** Lead field → 0-based column index; `name` is required (checked against the file's header). */
  mapping: z.partialRecord(z.enum(LEAD_IMPORT_FIELD_NAMES), z.number().int().min(0).max(10_000)),
  campaignId: z.uuid({ error: 'That is not a campaign id.' }).optional(),
  /** For rows without a country and phone numbers without a country code: "US", "Germany". */
  defaultCountry: safeText().trim().max(60).optional(),
});
export type TImportStartInputSchema = z.infer<typeof ZImportStartInputSchema>;

export const ZImportRejectionsInputSchema = z.object({
  importId: ZImportId,
  /** Keyset paging: the last row number of the previous page. */
  afterRow: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(5_000).default(1_000),
});
export type TImportRejectionsInputSchema = z.infer<typeof ZImportRejectionsInputSchema>;
