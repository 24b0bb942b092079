// Rows for COPY ... FROM STDIN in text format: for thousands of rows far cheaper than an insert from
// unnested column arrays (no array parsing on the server, rows written in batches).
import { once } from 'node:events';
import type postgres from 'postgres';

// Lines gathered into one write of the COPY stream: a whole chunk's leads joined into one string
// (~100 MB for 100,000 leads) cost more in copying and garbage collection than the write saved.
export const COPY_WRITE_CHARS = 256 * 1024;
const COPY_SPECIAL = /[\\\t\n\r]/;

/** One value in COPY text format: backslash, tab and line breaks escaped; null is \N. */
export function copyValue(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  // Most values hold none of the four characters: one test instead of four replacements.
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Values joined by tabs: a row, or the start of one that more fields follow. */
export function copyFields(values: readonly (string | number | null)[]): string {
  // Concatenated in a loop: no array of escaped values per row (three rows per imported lead).
  let fields = values.length === 0 ? '' : copyValue(values[0]!);
  for (let index = 1; index < values.length; index += 1) fields += `\t${copyValue(values[index]!)}`;
  return fields;
}

/** One row: values joined by tabs, ending in a line break. */
export function copyLine(values: readonly (string | number | null)[]): string {
  return `${copyFields(values)}\n`;
}

/**
 * Streams the lines (each ending in a line break, made as they are read) into a `copy … from stdin`
 * statement. Resolves once the last line is handed over, with the statement's end to await: the
 * caller can work out its next rows while Postgres still writes these (it reads as they come, so
 * lines made one by one overlap its work too). No other query may run on the connection until then.
 */
export async function sendCopyLines(statement: postgres.PendingQuery<postgres.Row[]>, lines: Iterable<string>): Promise<{ written: Promise<void> }> {
  const copy = await statement.writable();
  const written = once(copy, 'finish').then(() => undefined);
  // Awaited by the caller; a failure before then (its next rows) is the error that counts.
  written.catch(() => {});
  let pending = '';
  for (const line of lines) {
    pending += line;
    if (pending.length < COPY_WRITE_CHARS) continue;
    const piece = pending;
    pending = '';
    if (!copy.write(piece)) await once(copy, 'drain');
  }
  copy.end(pending);
  return { written };
}

/** Streams the lines into a `copy … from stdin` statement and waits for it. */
export async function copyLines(statement: postgres.PendingQuery<postgres.Row[]>, lines: Iterable<string>): Promise<void> {
  await (await sendCopyLines(statement, lines)).written;
}
