// An attempt's chunks start small, so merging begins soon after the first rows are staged, and double up to the full size.
import { describe, expect, it } from 'vitest';
import { chunkSize, FIRST_CHUNK_ROWS, IMPORT_CHUNK_ROWS } from './run-import.ts';

describe('chunkSize', () => {
  it('starts at FIRST_CHUNK_ROWS and doubles up to the full chunk', () => {
    expect([0, 1, 2, 3, 10].map((index) => chunkSize(index, IMPORT_CHUNK_ROWS))).toEqual([FIRST_CHUNK_ROWS, 2 * FIRST_CHUNK_ROWS, IMPORT_CHUNK_ROWS, IMPORT_CHUNK_ROWS, IMPORT_CHUNK_ROWS]);
  });

  it('never exceeds a smaller full chunk, and stays finite however many chunks an attempt merges', () => {
    expect([0, 1, 5].map((index) => chunkSize(index, 2))).toEqual([2, 2, 2]);
    expect(chunkSize(5_000, IMPORT_CHUNK_ROWS)).toBe(IMPORT_CHUNK_ROWS);
  });
});
