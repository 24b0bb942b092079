import { accessSync, constants, createReadStream, createWriteStream, mkdirSync, renameSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium } from 'playwright';

/** Where the Chromium came from, in the order they are tried. */
export const BROWSER_SOURCES = ['PLAYWRIGHT_CHROMIUM_PATH', 'playwright install', 'system', '@sparticuz/chromium'] as const;
export type BrowserSource = (typeof BROWSER_SOURCES)[number];

export type BrowserLookup = { found: true; path: string; source: BrowserSource } | { found: false; problem: string };

export interface BrowserLookupOptions {
  /** PLAYWRIGHT_CHROMIUM_PATH: when set it is the only one tried, so a typo is reported, not papered over. */
  configuredPath?: string | undefined;
  /** Where `pnpm exec playwright install chromium` puts its browser; playwright's own answer by default. */
  playwrightPath?: () => string;
  /** The directories searched for a system chromium or google-chrome; $PATH and /usr/bin by default. */
  systemDirs?: readonly string[];
  /** Unpacks the Chromium inside @sparticuz/chromium and gives its path, or null where it cannot run. */
  bundled?: () => Promise<string | null>;
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const NO_BROWSER_HINT = 'set PLAYWRIGHT_CHROMIUM_PATH, run `pnpm exec playwright install chromium`, or install chromium';

/**
 * The Chromium Playwright drives, for the worker, doctor, tests and bench alike: PLAYWRIGHT_CHROMIUM_PATH;
 * else a browser installed with `pnpm exec playwright install chromium`; else a system chromium or
 * google-chrome; else (Linux x64) the one packed inside the optional dependency @sparticuz/chromium.
 */
export async function findBrowser(options: BrowserLookupOptions = {}): Promise<BrowserLookup> {
  const { configuredPath } = options;
  if (configuredPath) {
    return isExecutable(configuredPath)
      ? { found: true, path: configuredPath, source: 'PLAYWRIGHT_CHROMIUM_PATH' }
      : { found: false, problem: `PLAYWRIGHT_CHROMIUM_PATH=${configuredPath} is not an executable file` };
  }
  const installed = safely(options.playwrightPath ?? (() => chromium.executablePath()));
  if (installed && isExecutable(installed)) return { found: true, path: installed, source: 'playwright install' };
  const dirs = options.systemDirs ?? [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const name of SYSTEM_NAMES) {
    const system = dirs.map((dir) => join(dir, name)).find(isExecutable);
    if (system) return { found: true, path: system, source: 'system' };
  }
  try {
    const bundled = await (options.bundled ?? unpackSparticuzChromium)();
    if (bundled) return { found: true, path: bundled, source: '@sparticuz/chromium' };
  } catch (error) {
    return { found: false, problem: `no Chromium found, and the one in @sparticuz/chromium could not be unpacked (${error instanceof Error ? error.message : String(error)}): ${NO_BROWSER_HINT}` };
  }
  return { found: false, problem: `no Chromium found: ${NO_BROWSER_HINT}` };
}

/** One lookup per process and configured path: unpacking the bundled browser takes a couple of seconds. */
const lookups = new Map<string, Promise<BrowserLookup>>();
export function findBrowserOnce(configuredPath: string | undefined): Promise<BrowserLookup> {
  const key = configuredPath ?? '';
  let lookup = lookups.get(key);
  if (!lookup) {
    lookup = findBrowser({ configuredPath });
    lookups.set(key, lookup);
  }
  return lookup;
}

/** One line for people: doctor, the worker's start-up log, the System page. */
export function describeBrowser(lookup: BrowserLookup): string {
  return lookup.found ? `Chromium at ${lookup.path} (${lookup.source})` : `none: ${lookup.problem}`;
}

/**
 * What `pnpm doctor` makes of the lookup. No browser at all is a warning, not a failure: discovery
 * still finds leads from search and listings and says "websites not scraped: no browser". A
 * PLAYWRIGHT_CHROMIUM_PATH that names no executable is a failure: someone asked for that browser.
 */
export function doctorBrowserCheck(lookup: BrowserLookup, configuredPath: string | undefined): { severity: 'ok' | 'warn' | 'fail'; line: string } {
  if (lookup.found) return { severity: 'ok', line: describeBrowser(lookup) };
  if (configuredPath) return { severity: 'fail', line: lookup.problem };
  return { severity: 'warn', line: `${describeBrowser(lookup)}. Discovery still finds leads from search and listings, without scraping websites.` };
}

/**
 * @sparticuz/chromium ships a brotli-packed Linux x64 Chromium. Its own executablePath() writes straight
 * to /tmp/chromium, so a second process starting meanwhile could run a half-written file; this unpacks
 * beside the target and renames, which is atomic.
 */
async function unpackSparticuzChromium(): Promise<string | null> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  let packageJson: string;
  try {
    // Its exports name only the entry point (build/index.js); the package root is one folder up.
    packageJson = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', 'package.json');
  } catch {
    return null; // the optional dependency was not installed
  }
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  const packed = join(dirname(packageJson), 'bin', 'chromium.br');
  const directory = join(tmpdir(), `switchboard-chromium-${version}`);
  const target = join(directory, 'chromium');
  if (isExecutable(target) && statSync(target).size > 0) return target;
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const partial = `${target}.${process.pid}.partial`;
  await pipeline(createReadStream(packed), createBrotliDecompress({ chunkSize: 2 ** 21 }), createWriteStream(partial, { mode: 0o700 }));
  renameSync(partial, target);
  return target;
}

function safely(read: () => string): string | null {
  try {
    return read() || null;
  } catch {
    return null;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
