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

  /** A promise to await when the slice has used its time; undefined (nothing to await, no promise made) before. */
  pause(): Promise<void> | undefined {
    if (performance.now() - this.#sliceStart < SLICE_MS) return undefined;
    return nextMacrotask().then(() => {
      this.#sliceStart = performance.now();
    });
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

/** The text in slices of FEED_CHARS, never splitting a surrogate pair (each half alone would be written as U+FFFD). */
function* slicesOf(text: string): Generator<string, void, undefined> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + FEED_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
}

const NOT_CSV = 'This file is not a CSV (it looks like a spreadsheet or other binary file). Save it as CSV and try again.';

/**
 * The source's text with the header line (or all of it, when shorter) in the first piece, so the
 * delimiter can be guessed before the parser starts; each piece is checked for binary content.
 */
async function* checkedPieces(source: AsyncIterable<string>): AsyncGenerator<string, void, undefined> {
  let head = '';
  let headDone = false;
  for await (const piece of source) {
    if (piece.includes('\u0000')) throw new Invalid(NOT_CSV);
    if (headDone) {
      yield piece;
      continue;
    }
    head += piece;
    if (head.search(/\r?\n/) === -1 && head.length < FEED_CHARS * 16) continue;
    headDone = true;
    yield head;
  }
  if (!headDone && head !== '') yield head;
}

/**
 * Writes each piece a slice at a time (storage hands over a megabyte, which takes the parser tens of
 * milliseconds), waiting for the reader between slices; stops when the parser does.
 */
async function feed(parser: Parser, pieces: AsyncIterator<string>, first: string | undefined): Promise<void> {
  let piece = first;
  while (piece !== undefined && !parser.destroyed) {
    for (const slice of slicesOf(piece)) {
      if (parser.destroyed) break;
      if (!parser.write(slice)) await drained(parser);
      await nextMacrotask();
    }
    const next = await pieces.next();
    piece = next.done ? undefined : next.value;
  }
  if (!parser.destroyed) parser.end();
}

function drained(parser: Parser): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
  });
}

/**
 * Hands each record of the file (up to `to`) to `onRecord` as it is parsed, cells trimmed, parsed
 * strictly; binary files and bad CSV are refused in words. Asynchronous so that a big file never
 * blocks the event loop for long; records are not kept, so they are cheap garbage.
 */
export function forEachCsvRecord(text: string, options: CsvRecordOptions, onRecord: (record: string[]) => void): Promise<void> {
  return forEachCsvRecordIn(asyncSlicesOf(text), options, onRecord);
}

// The pieces a stored file would arrive in: the binary check looks at no more of the text than is read.
async function* asyncSlicesOf(text: string): AsyncIterable<string> {
  yield* slicesOf(text);
}

export interface CsvRecordOptions {
  to?: number;
  skipEmpty: boolean;
}

/**
 * The same for text that arrives in pieces (a file read from storage): nothing but the pieces in
 * flight is held. `onRecord` may return a promise (a writer applying back-pressure); it is awaited.
 */
export async function forEachCsvRecordIn(
  source: AsyncIterable<string>,
  options: CsvRecordOptions,
  onRecord: (record: string[]) => void | Promise<void>,
): Promise<void> {
  const pieces = checkedPieces(source);
  const firstPiece = await pieces.next();
  const first = firstPiece.done ? '' : firstPiece.value;
  if (first.startsWith('PK\u0003\u0004')) throw new Invalid(NOT_CSV);
  const parser = parse({
    bom: true,
    delimiter: guessDelimiter(first.replace(/^\uFEFF/, '')),
    relax_column_count: true,
    skip_empty_lines: options.skipEmpty,
    skip_records_with_empty_values: options.skipEmpty,
    trim: true,
    ...(options.to === undefined ? {} : { to: options.to }),
  });
  let feedFailure: unknown;
  const feeding = feed(parser, pieces, first).catch((error: unknown) => {
    // A binary piece found mid-file: the parser stops, and the reason is thrown below.
    feedFailure = error;
    parser.destroy();
  });
  const slicer = new WorkSlicer();
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const pending = onRecord(record);
      if (pending) await pending;
      const pause = slicer.pause();
      if (pause) await pause;
    }
  } catch (error) {
    if (feedFailure) throw feedFailure;
    if (error instanceof CsvError) {
      throw new Invalid(`This file is not a valid CSV: ${error.message}`, { cause: error });
    }
    throw error;
  } finally {
    parser.destroy();
    await feeding;
    await pieces.return();
  }
  if (feedFailure) throw feedFailure;
}
