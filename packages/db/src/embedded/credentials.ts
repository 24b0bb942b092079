import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Kept inside the cluster's directory, so a copied or moved data dir keeps working. */
export const PASSWORD_FILE_NAME = 'switchboard-password';
export const EMBEDDED_USER = 'switchboard';

export function isInitialised(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

export async function readPassword(dir: string): Promise<string> {
  const file = join(dir, PASSWORD_FILE_NAME);
  if (!existsSync(file)) {
    throw new Error(
      `${dir} holds a PostgreSQL cluster that Switchboard did not create (no ${PASSWORD_FILE_NAME}). ` +
        'Point SWITCHBOARD_PG_DIR at an empty or Switchboard-made directory, or set DATABASE_URL.',
    );
  }
  return (await readFile(file, 'utf8')).trim();
}

export async function writePassword(dir: string, password: string): Promise<void> {
  await writeFile(join(dir, PASSWORD_FILE_NAME), `${password}\n`, { mode: 0o600 });
}
