import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, type TestMember } from '../accounts.ts';

/** A new page of `viewport` size, signed in as `member` through the sign-in form, on the Campaigns page. */
export async function signedInPage(browser: Browser, baseUrl: string, member: TestMember, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(15_000);
  await page.goto(`${baseUrl}/campaigns`);
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  return page;
}
