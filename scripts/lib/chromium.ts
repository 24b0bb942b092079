import { accessSync, constants } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium Playwright will drive: PLAYWRIGHT_CHROMIUM_PATH, or a system install. */
export function findChromium(configured: string | undefined): { path: string | null; source: string } {
  if (configured) return { path: isExecutable(configured) ? configured : null, source: 'PLAYWRIGHT_CHROMIUM_PATH' };
  const found = CANDIDATES.find(isExecutable);
  return { path: found ?? null, source: found ? 'system' : 'none found' };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
