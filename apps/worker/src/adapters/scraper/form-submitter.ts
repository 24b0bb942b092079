// Submits a business's contact form in Chromium, once. Everything before pressing submit is safe to
// try again; `beforeSubmit` (which commits the "submit started" mark) runs right before the press, and
// from then on an unclear ending is reported as in doubt, never as something to retry.
import { mapContactFormFields, type ContactFormValues, type FormFieldDescriptor, type Logger } from '@switchboard/core';
import { isPublicWebUrl, robotsAllows } from '@switchboard/core/discovery';
import type { Page } from 'playwright-core';
import { BrowserPool, BrowserUnavailable, type Tab } from './browser-pool.ts';
import { navigationFailure } from './failures.ts';
import { findBrowserOnce } from './find-browser.ts';
import { REFUSED_HEADER, systemLookup, type LookupAll } from './guard-proxy.ts';

export interface FormSubmitterOptions {
  chromiumPath?: string | undefined;
  /** Sent with every request and matched against robots.txt (the scraper's honest user agent). */
  userAgent: string;
  pageTimeoutMs: number;
  log: Logger;
  lookup?: LookupAll;
}

export interface SubmitFormInput {
  /** The page discovery found the form on. */
  pageUrl: string;
  /** The sandbox world's port in sandbox mode (its sites may be visited), else null. */
  sandboxPort: number | null;
  values: ContactFormValues;
  /** Runs just before the submit button is pressed; false (the claim was lost) stops without submitting. */
  beforeSubmit: (formUrl: string) => Promise<boolean>;
}

export type FormSubmitResult =
  | { outcome: 'submitted'; formUrl: string; screenshot: Buffer | null; filled: string[] }
  | { outcome: 'no_form' | 'not_mappable' | 'robots_disallowed'; formUrl: string; reason: string; screenshot: Buffer | null }
  /** Nothing was submitted; `retriable` when the site or the browser may do better later (a 5xx, a timeout). */
  | { outcome: 'failed'; formUrl: string; reason: string; retriable: boolean; screenshot: Buffer | null }
  /** Submit was pressed and no clear answer came: it may have reached the business. */
  | { outcome: 'in_doubt'; formUrl: string; reason: string; screenshot: Buffer | null };

export interface FormSubmitter {
  submit(input: SubmitFormInput): Promise<FormSubmitResult>;
  close(): Promise<void>;
}

const FIELD_ATTRIBUTE = 'data-switchboard-field';
const SUBMIT_BUTTONS = 'button[type=submit], input[type=submit], button:not([type]), input[type=image]';

interface LiveForm {
  index: number;
  method: string;
  fields: FormFieldDescriptor[];
}

/** One browser (its own pool, one tab): submissions are few and each holds its tab for seconds. */
export function createFormSubmitter(options: FormSubmitterOptions): FormSubmitter {
  const pool = new BrowserPool({
    browser: () => findBrowserOnce(options.chromiumPath || undefined),
    userAgent: options.userAgent,
    size: 1,
    log: options.log,
    allowRequest: (url, sandboxPort) => isPublicWebUrl(url, { sandboxPort }),
    lookup: options.lookup ?? systemLookup,
  });

  async function submit(input: SubmitFormInput): Promise<FormSubmitResult> {
    const formUrl = input.pageUrl;
    const failed = (reason: string, retriable: boolean, screenshot: Buffer | null = null): FormSubmitResult => ({ outcome: 'failed', formUrl, reason, retriable, screenshot });
    let page: URL;
    try {
      page = new URL(formUrl);
      if (page.protocol !== 'http:' && page.protocol !== 'https:') throw new TypeError('not http(s)');
    } catch {
      return { outcome: 'no_form', formUrl, reason: `${formUrl} is not a web address`, screenshot: null };
    }
    if (!isPublicWebUrl(page.toString(), { sandboxPort: input.sandboxPort })) return failed(`${page.host} is a private or local address; only public websites are visited`, false);
    let tab: Tab;
    try {
      tab = await pool.acquire(input.sandboxPort);
    } catch (error) {
      return failed(error instanceof BrowserUnavailable ? error.message : `Could not open a browser tab: ${String(error)}`, true);
    }
    let pressed = false;
    try {
      return await fill(tab, page, input, () => {
        pressed = true;
      });
    } catch (error) {
      const failure = navigationFailure(error, page, tab);
      const screenshot = await shoot(tab.page);
      if (pressed) return { outcome: 'in_doubt', formUrl, reason: `Submit was pressed, then: ${failure.message}`, screenshot };
      // The site (or its robots.txt) sent the browser to a private address: it would do so again, so this is final.
      return failed(failure.message, failure.reason !== 'blocked_address', screenshot);
    } finally {
      await pool.release(tab);
    }
  }

  async function fill(tab: Tab, pageUrl: URL, input: SubmitFormInput, onPress: () => void): Promise<FormSubmitResult> {
    const { page } = tab;
    const formUrl = pageUrl.toString();
    const robots = await readRobots(tab, pageUrl);
    if (robots.closed) return { outcome: 'failed', formUrl, reason: robots.closed, retriable: true, screenshot: null };
    if (!robotsAllows(robots.text, formUrl, options.userAgent)) {
      return { outcome: 'robots_disallowed', formUrl, reason: `robots.txt of ${pageUrl.host} does not allow ${pageUrl.pathname}`, screenshot: null };
    }
    let response = await page.goto(formUrl, { waitUntil: 'load', timeout: options.pageTimeoutMs });
    if (response?.headers()[REFUSED_HEADER]) return { outcome: 'failed', formUrl, reason: `${pageUrl.host} is a private or local address; only public websites are visited`, retriable: false, screenshot: null };
    // Redirected to another origin (http → https, another domain): that origin's robots.txt decides, and the page is loaded again after reading it.
    const landed = new URL(page.url());
    if (landed.origin !== pageUrl.origin) {
      const theirs = await readRobots(tab, landed);
      if (theirs.closed) return { outcome: 'failed', formUrl, reason: theirs.closed, retriable: true, screenshot: null };
      if (!robotsAllows(theirs.text, landed.toString(), options.userAgent)) {
        return { outcome: 'robots_disallowed', formUrl, reason: `robots.txt of ${landed.host} does not allow ${landed.pathname}`, screenshot: null };
      }
      response = await page.goto(landed.toString(), { waitUntil: 'load', timeout: options.pageTimeoutMs });
    }
    const status = response?.status() ?? 0;
    if (status >= 500) return { outcome: 'failed', formUrl, reason: `${formUrl} answered ${status}`, retriable: true, screenshot: await shoot(page) };
    if (status >= 400) return { outcome: 'no_form', formUrl, reason: `${formUrl} answered ${status}: the form page is gone`, screenshot: await shoot(page) };

    const forms = await readForms(page);
    if (forms.length === 0) return { outcome: 'no_form', formUrl, reason: `No form on ${formUrl} any more.`, screenshot: await shoot(page) };
    let firstProblem: string | null = null;
    for (const form of forms) {
      const mapping = mapContactFormFields(form.fields, input.values);
      if (!mapping.ok) {
        firstProblem ??= mapping.reason;
        continue;
      }
      for (const fill of mapping.fills) await page.locator(`[${FIELD_ATTRIBUTE}="${form.index}-${fill.key}"]`).fill(fill.value, { timeout: options.pageTimeoutMs });
      if (!(await input.beforeSubmit(formUrl))) return { outcome: 'failed', formUrl, reason: 'Another worker took this send over; not submitted here.', retriable: false, screenshot: null };
      onPress();
      const method = form.method.toUpperCase();
      const answered = page.waitForResponse((candidate) => candidate.request().method() === method && (method !== 'GET' || candidate.request().isNavigationRequest()), {
        timeout: options.pageTimeoutMs,
      });
      const formLocator = page.locator('form').nth(form.index);
      const button = formLocator.locator(SUBMIT_BUTTONS).first();
      if ((await button.count()) > 0) await button.click({ timeout: options.pageTimeoutMs });
      else await formLocator.evaluate((element) => (element as HTMLFormElement).requestSubmit());
      const answer = await answered;
      await page.waitForLoadState('load', { timeout: options.pageTimeoutMs }).catch(() => undefined);
      const screenshot = await shoot(page);
      if (answer.status() >= 400) {
        // The site answered and refused it: nothing reached the business, and sending it again would be refused again.
        return { outcome: 'failed', formUrl, reason: `The site refused the submission (${answer.status()}).`, retriable: false, screenshot };
      }
      options.log.info({ site: pageUrl.host, fields: mapping.fills.map((fill) => fill.role) }, 'contact form submitted');
      return { outcome: 'submitted', formUrl, screenshot, filled: mapping.fills.map((fill) => fill.role) };
    }
    return { outcome: 'not_mappable', formUrl, reason: firstProblem ?? 'No form we can fill.', screenshot: await shoot(page) };
  }

  /** robots.txt through the browser, as the scraper reads it: missing allows everything, a 5xx closes the site for now. */
  async function readRobots(tab: Tab, site: URL): Promise<{ text: string | null; closed?: string }> {
    const robotsUrl = new URL('/robots.txt', site).toString();
    const response = await tab.page.goto(robotsUrl, { waitUntil: 'commit', timeout: options.pageTimeoutMs });
    const status = response?.status() ?? 0;
    if (status >= 500) return { text: null, closed: `${robotsUrl} answered ${status}; the site is treated as closed to robots until it recovers` };
    if (status < 200 || status >= 300 || !response) return { text: null };
    return { text: await response.text() };
  }

  return { submit, close: () => pool.close() };
}

/** The page's forms with their visible boxes (hidden honeypots left out), each box tagged for filling. */
async function readForms(page: Page): Promise<LiveForm[]> {
  return page.evaluate((attribute) => {
    const skipped = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file', 'checkbox', 'radio']);
    const text = (value: string | null | undefined) => (value ?? '').replace(/\s+/g, ' ').replace(/\s*[*:]+\s*$/, '').trim() || null;
    const labelOf = (element: HTMLElement) => {
      const labelled = (element as HTMLInputElement).labels?.[0];
      if (labelled) {
        const copy = labelled.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('input,textarea,select').forEach((inner) => inner.remove());
        const found = text(copy.textContent);
        if (found) return found;
      }
      return text(element.getAttribute('aria-label'));
    };
    return [...document.querySelectorAll('form')].map((form, index) => {
      const fields = [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input,textarea,select')]
        .filter((element) => {
          const type = element instanceof HTMLInputElement ? element.type.toLowerCase() : element.tagName.toLowerCase();
          return !skipped.has(type) && element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && !element.disabled;
        })
        .map((element, key) => {
          element.setAttribute(attribute, `${index}-${key}`);
          return {
            key,
            type: element instanceof HTMLInputElement ? element.type.toLowerCase() : element.tagName.toLowerCase(),
            name: element.name ?? '',
            id: element.id ?? '',
            label: labelOf(element),
            placeholder: text(element.getAttribute('placeholder')),
            autocomplete: element.getAttribute('autocomplete'),
            required: element.required || element.getAttribute('aria-required') === 'true',
          };
        });
      return { index, method: (form.getAttribute('method') ?? 'get').toLowerCase(), fields };
    });
  }, FIELD_ATTRIBUTE);
}

/** The evidence kept of a form page: its top part, so a stranger's endlessly tall page cannot fill the database. */
export const FORM_SCREENSHOT_MAX_PX = { width: 1280, height: 4000 } as const;

async function shoot(page: Page): Promise<Buffer | null> {
  try {
    // Playwright trims the clip to the document, so a short page gives a short picture.
    const clip = { x: 0, y: 0, ...FORM_SCREENSHOT_MAX_PX };
    return await page.screenshot({ type: 'png', fullPage: true, clip, timeout: 10_000 });
  } catch {
    return null;
  }
}
