export {
  LEAD_IMPORT_FIELD_NAMES,
  LEAD_IMPORT_FIELDS,
  guessColumnMapping,
  type LeadImportField,
  type LeadImportFieldSpec,
  type LeadImportMapping,
} from './fields.ts';
export { LEAD_IMPORT_MAX_BYTES, LEAD_IMPORT_MAX_ROWS } from './limits.ts';
export {
  checkLeadImportMapping,
  parseLeadCsv,
  readCsvPreview,
  readLeadCsv,
  type LeadImportOptions,
  type LeadImportResult,
  type ParsedLeadRow,
} from './parse.ts';
