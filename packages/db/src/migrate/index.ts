export { migrate, migrationLevel, readLedger, MigrationError, type MigrateResult } from './migrate.ts';
export { loadMigrations, checksumOf, MIGRATIONS_DIR, type MigrationFile } from './load.ts';
