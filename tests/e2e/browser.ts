import { findBrowserOnce, LAUNCH_ARGS } from '@switchboard/worker/browser';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The same Chromium the worker would use (PLAYWRIGHT_CHROMIUM_PATH, playwright install, system, @sparticuz/chromium). */
export async function launchBrowser(): Promise<Browser> {
  const lookup = await findBrowserOnce(process.env.PLAYWRIGHT_CHROMIUM_PATH || undefined);
  if (!lookup.found) throw new Error(`The browser tests need Chromium: ${lookup.problem}`);
  return chromium.launch({ executablePath: lookup.path, args: LAUNCH_ARGS });
}

/** A new page at `viewport`, signed in as `email` (with the tests' password) through the sign-in form. */
export async function signedInPage(browser: Browser, input: { baseUrl: string; email: string; password: string; viewport: { width: number; height: number } }): Promise<Page> {
  const page = await browser.newPage({ viewport: input.viewport });
  page.setDefaultTimeout(15_000);
  await page.goto(`${input.baseUrl}/campaigns`);
  await page.getByLabel('Email').fill(input.email);
  await page.getByLabel('Password').fill(input.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  return page;
}
