import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const WEB = join(ROOT, 'apps/web');
const BUILD_MARKER = join(WEB, 'build/server/index.js');
const SOURCES = [join(WEB, 'app'), join(WEB, 'vite.config.ts'), join(WEB, 'package.json')];

/** The production build is stale when any dashboard source is newer than it (or it is missing). */
export function webBuildIsStale(): boolean {
  if (!existsSync(BUILD_MARKER)) return true;
  const builtAt = statSync(BUILD_MARKER).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > builtAt);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), info.mtimeMs);
}

export function buildWeb(): void {
  const result = spawnSync('pnpm', ['--filter', '@switchboard/web', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Building the dashboard failed (see the output above)');
}
