// Reading a CSV without holding the event loop: a 20 MB file parsed in one go blocks a web server for
// seconds (health checks and every other request wait), so the text is fed to a streaming parser a
// slice at a time, and the work on its records pauses whenever it has run for a few milliseconds.
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { CsvError, parse, type Parser } from 'csv-parse';
import { Invalid } from '../errors/index.ts';

/** Characters handed to the parser per step: parsed in a few milliseconds. */
const FEED_CHARS = 64 * 1024;
/** Longest stretch of record work before other callbacks get a turn. */
const SLICE_MS = 10;

/** Lets the event loop run other callbacks (timers, I/O) once a slice of work has used its time. */
export class WorkSlicer {
  #sliceStart = performance.now();

  async pause(): Promise<void> {
    if (performance.now() - this.#sliceStart < SLICE_MS) return;
    await nextMacrotask();
    this.#sliceStart = performance.now();
  }
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The delimiter used most in the header line (outside quotes): spreadsheets in many locales write ";". */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n/)) || text.length).replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/** Writes the text a slice at a time, waiting for the reader between slices; stops when the parser does. */
async function feed(parser: Parser, text: string): Promise<void> {
  let start = 0;
  while (start < text.length && !parser.destroyed) {
    let end = Math.min(start + FEED_CHARS, text.length);
    // Never split a surrogate pair: each half alone would be written as U+FFFD.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    const accepted = parser.write(text.slice(start, end));
    start = end;
    if (!accepted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          parser.off('drain', done);
          parser.off('close', done);
          resolve();
        };
        parser.on('drain', done);
        parser.on('close', done);
      });
    }
    await nextMacrotask();
  }
  if (!parser.destroyed) parser.end();
}

/**
 * Hands each record of the file (up to `to`) to `onRecord` as it is parsed, cells trimmed, parsed
 * strictly; binary files and bad CSV are refused in words. Asynchronous so that a big file never
 * blocks the event loop for long; records are not kept, so they are cheap garbage.
 */
export async function forEachCsvRecord(text: string, options: { to?: number; skipEmpty: boolean }, onRecord: (record: string[]) => void): Promise<void> {
  if (text.startsWith('PK\u0003\u0004') || text.includes('\u0000')) {
    throw new Invalid('This file is not a CSV (it looks like a spreadsheet or other binary file). Save it as CSV and try again.');
  }
  const parser = parse({
    bom: true,
    delimiter: guessDelimiter(text.replace(/^\uFEFF/, '')),
    relax_column_count: true,
    skip_empty_lines: options.skipEmpty,
    skip_records_with_empty_values: options.skipEmpty,
    trim: true,
    ...(options.to === undefined ? {} : { to: options.to }),
  });
  const feeding = feed(parser, text);
  const slicer = new WorkSlicer();
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      onRecord(record);
      await slicer.pause();
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new Invalid(`This file is not a valid CSV: ${error.message}`, { cause: error });
    }
    throw error;
  } finally {
    parser.destroy();
    await feeding;
  }
}
