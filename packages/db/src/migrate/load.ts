import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface MigrationFile {
  id: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATION_FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads NNNN_name.sql files in order; a gap or a duplicate number is a packaging mistake. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const match = MIGRATION_FILE_NAME.exec(name);
    if (!match) throw new Error(`Migration file ${name} must be named NNNN_lower_snake_name.sql`);
    const id = Number(match[1]);
    const expected = migrations.length + 1;
    if (id !== expected) throw new Error(`Migration ${name} should be numbered ${String(expected).padStart(4, '0')}`);
    const sql = await readFile(join(dir, name), 'utf8');
    migrations.push({ id, name, sql, checksum: checksumOf(sql) });
  }
  return migrations;
}

export function checksumOf(sql: string): string {
  // Line endings do not change meaning; a checkout on Windows must not look like an edit.
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}
