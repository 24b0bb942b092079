// No imports: the dashboard's upload form reads these in the browser.

/** A bigger file is split by the person importing it (an import runs as a job, a row at a time). */
export const LEAD_IMPORT_MAX_ROWS = 1_000_000;
/** The largest file accepted: a million typical lead rows fit well inside it. */
export const LEAD_IMPORT_MAX_BYTES = 200 * 1024 * 1024;
