import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sql } from '../client.ts';
import { loadMigrations, MIGRATIONS_DIR } from './load.ts';
import { migrate } from './migrate.ts';

/**
 * Migrates `sql` up to, not including, the migration whose file name ends with `nameEnd` (by name, so a
 * test holds whatever number the migration ends up with): an installation from before it, to seed
 * data into before `migrate(sql)` applies it.
 */
export async function migrateBefore(sql: Sql, nameEnd: string): Promise<void> {
  const before = await mkdtemp(join(tmpdir(), 'switchboard-migrations-'));
  try {
    await cp(MIGRATIONS_DIR, before, { recursive: true });
    const migrations = await loadMigrations();
    const target = migrations.find((migration) => migration.name.endsWith(nameEnd));
    if (!target) throw new Error(`No migration named …${nameEnd}`);
    for (const file of migrations.filter((migration) => migration.id >= target.id)) await rm(join(before, file.name));
    await migrate(sql, { dir: before });
  } finally {
    await rm(before, { recursive: true, force: true });
  }
}
