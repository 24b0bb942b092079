// The stager and the merger of one import run side by side in one process: the stager tells this
// object what it committed, and the merger waits here until a full chunk of committed rows is there.

/** Another attempt moved the import's checkpoint (staged or merged) first: this one rolls back and stops. */
export class ChunkTakenOver extends Error {}

/** What the stager has committed so far, as the merger needs to know it. */
export class StagedRows {
  /** Candidate rows (not refused ones) committed by this attempt, in file order. */
  readonly #candidateRows: number[] = [];
  /** False while a file must be staged whole before any of it is merged (it may yet be refused). */
  #mergeWhileStaging: boolean;
  #complete: boolean;
  #failure: { error: unknown } | null = null;
  #waiting: (() => void)[] = [];

  constructor(options: { complete: boolean; mergeWhileStaging: boolean }) {
    this.#complete = options.complete;
    this.#mergeWhileStaging = options.mergeWhileStaging;
  }

  /** These candidate rows are committed (by a staging transaction, or an earlier attempt); `complete` when the file is all staged. */
  committed(candidateRows: readonly number[], complete: boolean): void {
    for (const row of candidateRows) this.#candidateRows.push(row);
    if (complete) this.#complete = true;
    this.#wake();
  }

  /** Nothing later in the file can refuse it: the merger may take committed rows before the file is all staged. */
  allowMergeWhileStaging(): void {
    this.#mergeWhileStaging = true;
    this.#wake();
  }

  /** Staging, merging or the file check failed: the others stop too, with the first error. */
  stop(error: unknown): void {
    this.#failure ??= { error };
    this.#wake();
  }

  /** Every row of the file is committed. */
  get complete(): boolean {
    return this.#complete;
  }

  /** The first error either side stopped with. */
  get failure(): { error: unknown } | null {
    return this.#failure;
  }

  throwIfStopped(): void {
    if (this.#failure) throw this.#failure.error;
  }

  /** Resolves once the committed rows after `afterRow` fill a chunk of `chunkRows` candidates (or the file is all staged). */
  async waitForChunk(afterRow: number, chunkRows: number): Promise<void> {
    for (;;) {
      this.throwIfStopped();
      if (this.#complete) return;
      if (this.#mergeWhileStaging && this.#candidatesAfter(afterRow) >= chunkRows) return;
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  #candidatesAfter(afterRow: number): number {
    const rows = this.#candidateRows;
    let low = 0;
    let high = rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (rows[middle]! <= afterRow) low = middle + 1;
      else high = middle;
    }
    return rows.length - low;
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }
}
