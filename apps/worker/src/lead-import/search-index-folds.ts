// An import's merge transactions leave new leads' search entries in the index's pending list
// (deferLeadSearchIndexing); this folds them in on another connection, beside the merge, one fold at a time.
import type { Logger } from '@switchboard/core';
import { foldPendingLeadSearchEntries, type Sql } from '@switchboard/db';

export class SearchIndexFolds {
  readonly #sql: Sql;
  readonly #log: Logger;
  readonly #importId: string;
  #running: Promise<void> | null = null;

  constructor(sql: Sql, log: Logger, importId: string) {
    this.#sql = sql;
    this.#log = log;
    this.#importId = importId;
  }

  /** A merged chunk committed: fold its entries while the next chunk merges (unless a fold is still at work). */
  chunkMerged(): void {
    this.#running ??= this.#fold().finally(() => (this.#running = null));
  }

  /** Waits for a fold under way, then folds what is left. Never throws: a fold left undone is done by the next writer or autovacuum. */
  async finish(): Promise<void> {
    await this.#running;
    await this.#fold();
  }

  async #fold(): Promise<void> {
    try {
      await foldPendingLeadSearchEntries(this.#sql);
    } catch (error) {
      // Searches stay complete without the fold (they read the pending list), only slower until it is done.
      this.#log.warn({ err: error, importId: this.#importId }, 'could not fold the lead search index pending list');
    }
  }
}
