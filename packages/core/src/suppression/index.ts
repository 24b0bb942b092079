// Node-only (node:crypto, csv-parse): imported as @switchboard/core/suppression. The browser-safe rules
// (entries.ts) are also exported from the package root.
export * from './entries.ts';
export {
  SUPPRESSION_IMPORT_MAX_CHARS,
  SUPPRESSION_IMPORT_MAX_ROWS,
  SUPPRESSION_IMPORT_REPORTED_REJECTIONS,
  parseSuppressionCsv,
  type SuppressionImportParse,
  type SuppressionImportRejection,
  type SuppressionImportRow,
} from './import-csv.ts';
export { createUnsubscribeToken, deriveUnsubscribeKey, verifyUnsubscribeToken, type UnsubscribeClaim } from './unsubscribe-token.ts';
