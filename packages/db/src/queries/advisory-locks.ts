import type { TransactionSql } from '../client.ts';

/**
 * Holds a Postgres advisory lock on `key` until the transaction ends, so that check-then-write
 * sequences on the same key (a rate limit, say) run one at a time across every process.
 */
export async function lockForTransaction(tx: TransactionSql, key: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`switchboard.${key}`}, 0))`;
}
