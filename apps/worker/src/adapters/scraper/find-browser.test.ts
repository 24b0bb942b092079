import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBrowser, doctorBrowserCheck, findBrowser } from './find-browser.ts';

const root = mkdtempSync(join(tmpdir(), 'find-browser-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function executable(...parts: string[]): string {
  const path = join(root, ...parts);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

const configured = executable('configured', 'chrome');
const installed = executable('ms-playwright', 'chrome');
const systemDir = join(root, 'bin');
const system = executable('bin', 'google-chrome');
const bundled = async () => '/tmp/bundled-chromium';
const nothingInstalled = () => join(root, 'ms-playwright', 'missing');

describe('browser lookup', () => {
  it('tries PLAYWRIGHT_CHROMIUM_PATH, then playwright install, then the system, then @sparticuz/chromium', async () => {
    const all = { configuredPath: configured, playwrightPath: () => installed, systemDirs: [systemDir], bundled };
    expect(await findBrowser(all)).toEqual({ found: true, path: configured, source: 'PLAYWRIGHT_CHROMIUM_PATH' });
    expect(await findBrowser({ ...all, configuredPath: undefined })).toEqual({ found: true, path: installed, source: 'playwright install' });
    expect(await findBrowser({ ...all, configuredPath: undefined, playwrightPath: nothingInstalled })).toEqual({ found: true, path: system, source: 'system' });
    expect(await findBrowser({ playwrightPath: nothingInstalled, systemDirs: [join(root, 'empty')], bundled })).toEqual({ found: true, path: '/tmp/bundled-chromium', source: '@sparticuz/chromium' });
  });

  it('reports a configured path that is not there instead of quietly using another browser', async () => {
    const lookup = await findBrowser({ configuredPath: join(root, 'nope'), playwrightPath: () => installed, bundled });
    expect(lookup).toEqual({ found: false, problem: `PLAYWRIGHT_CHROMIUM_PATH=${join(root, 'nope')} is not an executable file` });
  });

  it('says what to do when there is no browser at all', async () => {
    const lookup = await findBrowser({ playwrightPath: nothingInstalled, systemDirs: [], bundled: async () => null });
    expect(describeBrowser(lookup)).toBe('none: no Chromium found: set PLAYWRIGHT_CHROMIUM_PATH, run `pnpm exec playwright install chromium`, or install chromium');
    const broken = await findBrowser({ playwrightPath: nothingInstalled, systemDirs: [], bundled: () => Promise.reject(new Error('disk full')) });
    expect(broken).toMatchObject({ found: false, problem: expect.stringContaining('could not be unpacked (disk full)') });
  });

  it('makes doctor warn, not fail, without any browser, and fail only on a configured path that is not there', async () => {
    const none = await findBrowser({ playwrightPath: nothingInstalled, systemDirs: [], bundled: async () => null });
    expect(doctorBrowserCheck(none, undefined)).toEqual({
      severity: 'warn',
      line: expect.stringMatching(/^none: no Chromium found: .*Discovery still finds leads from search and listings, without scraping websites\.$/),
    });
    const typo = await findBrowser({ configuredPath: join(root, 'nope'), playwrightPath: () => installed, bundled });
    expect(doctorBrowserCheck(typo, join(root, 'nope'))).toEqual({ severity: 'fail', line: `PLAYWRIGHT_CHROMIUM_PATH=${join(root, 'nope')} is not an executable file` });
    const found = await findBrowser({ playwrightPath: () => installed, bundled });
    expect(doctorBrowserCheck(found, undefined)).toEqual({ severity: 'ok', line: `Chromium at ${installed} (playwright install)` });
  });

  it('finds a working browser on this machine without any configuration', async () => {
    const lookup = await findBrowser();
    expect(lookup).toMatchObject({ found: true });
  });
});
