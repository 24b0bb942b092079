import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '@switchboard/core';

/**
 * SWITCHBOARD_SECRET encrypts stored provider keys. With the embedded database it is generated once
 * into the data directory, next to the data it protects; with DATABASE_URL it must be set, since the
 * database may be shared by machines that do not share this directory.
 */
export async function resolveMasterSecret(config: Config): Promise<string | undefined> {
  if (config.SWITCHBOARD_SECRET) return config.SWITCHBOARD_SECRET;
  if (config.DATABASE_URL) return undefined;
  const file = join(config.SWITCHBOARD_DATA_DIR, 'secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(config.SWITCHBOARD_DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
