// Rows for COPY ... FROM STDIN in text format: for thousands of rows far cheaper than an insert from
// unnested column arrays (no array parsing on the server, rows written in batches).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
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
 * Rows streamed into a `copy … from stdin` statement as they are made: the statement starts with the
 * first row (none, no statement), and Postgres writes each batch of rows while the caller works out
 * the next. No other query may run on the connection from the first row until `end()`'s statement
 * end has been awaited.
 */
export class CopyRows {
  readonly #statement: () => postgres.PendingQuery<postgres.Row[]>;
  #copy: Promise<Writable> | null = null;
  #written: Promise<void> = Promise.resolve();
  #pending = '';

  constructor(statement: () => postgres.PendingQuery<postgres.Row[]>) {
    this.#statement = statement;
  }

  /** Queues a line (ending in a line break); a promise when the statement is opening or wants the writer to wait. */
  add(line: string): Promise<void> | undefined {
    this.#pending += line;
    if (this.#copy && this.#pending.length < COPY_WRITE_CHARS) return undefined;
    return this.#flush();
  }

  /** Sends the rest and ends the statement; resolves once all is handed over, with the statement's end to await. */
  async end(): Promise<{ written: Promise<void> }> {
    if (this.#pending && !this.#copy) await this.#flush();
    if (this.#copy) (await this.#copy).end(this.#pending);
    this.#pending = '';
    return { written: this.#written };
  }

  /** Ends the statement with `error` (its transaction then fails). */
  abort(error: Error): void {
    // A statement that never opened has nothing to end (its failure is the caller's to report).
    this.#copy?.then(
      (copy) => copy.destroy(error),
      () => {},
    );
  }

  async #flush(): Promise<void> {
    if (!this.#copy) {
      this.#copy = this.#statement().writable();
      const copy = await this.#copy;
      this.#written = once(copy, 'finish').then(() => undefined);
      // Awaited by the caller; a failure before then (its next rows) is the error that counts.
      this.#written.catch(() => {});
    }
    const copy = await this.#copy;
    const piece = this.#pending;
    this.#pending = '';
    if (!copy.write(piece)) await once(copy, 'drain');
  }
}

/**
 * Streams the lines (each ending in a line break, made as they are read) into a `copy … from stdin`
 * statement. Resolves once the last line is handed over, with the statement's end to await: the
 * caller can work out its next rows while Postgres still writes these (it reads as they come, so
 * lines made one by one overlap its work too). No other query may run on the connection until then.
 */
export async function sendCopyLines(statement: postgres.PendingQuery<postgres.Row[]>, lines: Iterable<string>): Promise<{ written: Promise<void> }> {
  const rows = new CopyRows(() => statement);
  for (const line of lines) await rows.add(line);
  return rows.end();
}

/** Streams the lines into a `copy … from stdin` statement and waits for it. */
export async function copyLines(statement: postgres.PendingQuery<postgres.Row[]>, lines: Iterable<string>): Promise<void> {
  await (await sendCopyLines(statement, lines)).written;
}
