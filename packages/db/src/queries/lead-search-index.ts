// The leads' search index (trigram GIN over name, domain and phone). GIN takes new entries into a
// pending list and folds that list into the index whenever it outgrows gin_pending_list_limit (4 MB by
// default): during a 100,000-lead import that is twenty folds, each walking most of the index's keys
// again. An import lets its list grow and folds it on another connection, once per merged chunk.
import type { Db, TransactionSql } from '../client.ts';

/** The largest gin_pending_list_limit Postgres takes (kB): the transaction never folds the list itself. */
const UNLIMITED_PENDING_LIST_KB = 2_097_151;

/**
 * New leads' search entries wait in the index's pending list for the rest of this transaction, rather
 * than being folded in every 4 MB by the writer. Searches read the pending list too, so they stay
 * complete; folding it (foldPendingLeadSearchEntries) keeps them fast. Any other writer, and autovacuum,
 * still folds the list when it finds it long.
 */
export async function deferLeadSearchIndexing(tx: TransactionSql): Promise<void> {
  await tx`select set_config('gin_pending_list_limit', ${String(UNLIMITED_PENDING_LIST_KB)}, true)`;
}

/** Folds the search index's pending entries into the index (waits for a fold under way); the pages it emptied. */
export async function foldPendingLeadSearchEntries(sql: Db): Promise<number> {
  const [row]: [{ pages: number }?] = await sql`select gin_clean_pending_list('leads_search_trgm_idx'::regclass)::int as pages`;
  return row?.pages ?? 0;
}
