import { findBrowserOnce, LAUNCH_ARGS } from '@switchboard/worker/browser';
import { chromium, type Browser } from 'playwright-core';

/** The same Chromium the worker would use (PLAYWRIGHT_CHROMIUM_PATH, playwright install, system, @sparticuz/chromium). */
export async function launchBrowser(): Promise<Browser> {
  const lookup = await findBrowserOnce(process.env.PLAYWRIGHT_CHROMIUM_PATH || undefined);
  if (!lookup.found) throw new Error(`The browser tests need Chromium: ${lookup.problem}`);
  return chromium.launch({ executablePath: lookup.path, args: LAUNCH_ARGS });
}
