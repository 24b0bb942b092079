import { setLocalStatementTimeout, type Sql, type TransactionSql } from '../client.ts';
import { loadMigrations, MIGRATIONS_DIR, type MigrationFile } from './load.ts';

// Any constant works as long as every Switchboard process uses the same one.
const MIGRATION_LOCK_KEY = 7_301_994_117;

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export interface MigrateResult {
  applied: string[];
  level: number;
}

interface LedgerRow {
  id: number;
  name: string;
  checksum: string;
}

/**
 * Applies pending migrations, each in its own transaction with its ledger row inserted first, all
 * under an advisory lock so concurrent start-ups queue instead of racing. An applied migration whose
 * file changed stops everything: migrations are forward-only.
 */
export async function migrate(sql: Sql, options: { dir?: string } = {}): Promise<MigrateResult> {
  const files = await loadMigrations(options.dir ?? MIGRATIONS_DIR);
  await sql.begin(async (tx) => {
    await withoutStatementTimeout(tx);
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx`
      create table if not exists schema_migrations (
        id integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
  });
  verifyLedger(files, await readLedger(sql));

  const applied: string[] = [];
  for (const file of files) {
    const didApply = await sql.begin(async (tx) => {
      await withoutStatementTimeout(tx);
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
      const [existing]: [LedgerRow?] = await tx`select id, name, checksum from schema_migrations where id = ${file.id}`;
      if (existing) {
        verifyLedger([file], [existing]);
        return false;
      }
      await tx`insert into schema_migrations (id, name, checksum) values (${file.id}, ${file.name}, ${file.checksum})`;
      // Migration files are trusted SQL from this repository, so they run as written.
      await tx.unsafe(file.sql);
      return true;
    });
    if (didApply) applied.push(file.name);
  }
  return { applied, level: files.length };
}

/**
 * The web pool cancels slow request-path statements; a migration (or waiting for another process's
 * migration lock) may take longer and must never be cut short halfway.
 */
function withoutStatementTimeout(tx: TransactionSql): Promise<void> {
  return setLocalStatementTimeout(tx, 0);
}

export async function readLedger(sql: Sql): Promise<LedgerRow[]> {
  const [table]: [{ exists: boolean }?] = await sql`select to_regclass('schema_migrations') is not null as exists`;
  if (!table?.exists) return [];
  return sql<LedgerRow[]>`select id, name, checksum from schema_migrations order by id`;
}

function verifyLedger(files: readonly MigrationFile[], ledger: readonly LedgerRow[]): void {
  const byId = new Map(files.map((file) => [file.id, file]));
  for (const row of ledger) {
    const file = byId.get(row.id);
    if (!file) {
      if (files.length > 0 && row.id <= files[files.length - 1]!.id) {
        throw new MigrationError(`Migration ${row.name} is applied but its file is missing from packages/db/migrations`);
      }
      continue;
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)} in the database, ` +
          `${file.checksum.slice(0, 12)} on disk). Migrations are forward-only: restore the file and add a new migration instead.`,
      );
    }
  }
}

/** How many migrations the database has, against how many this code ships. */
export async function migrationLevel(sql: Sql): Promise<{ applied: number; latest: number; pending: number }> {
  const [ledger, files] = await Promise.all([readLedger(sql), loadMigrations()]);
  return { applied: ledger.length, latest: files.length, pending: Math.max(0, files.length - ledger.length) };
}
