import type { Page } from 'playwright-core';

/**
 * Every visible element that sticks out of its `.card` (left or right), and whether the page itself
 * scrolls sideways. Elements inside a container that clips or scrolls (a `.table-scroll`) are the
 * container's business: only the container is measured.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const SLACK_PX = 1;
    const problems: string[] = [];
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}` +
      ` "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    const clips = (element: Element) => getComputedStyle(element).overflowX !== 'visible';
    for (const card of document.querySelectorAll('.card')) {
      const box = card.getBoundingClientRect();
      // The outermost element that sticks out says it all; its children follow it out.
      const reported = new Set<Element>();
      for (const element of card.querySelectorAll('*')) {
        if (element.parentElement && reported.has(element.parentElement)) {
          reported.add(element);
          continue;
        }
        const rect = element.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        let clipped = false;
        for (let parent = element.parentElement; parent && parent !== card; parent = parent.parentElement) {
          if (clips(parent)) clipped = true;
        }
        if (clipped || element.closest('.visually-hidden')) continue;
        if (rect.left < box.left - SLACK_PX || rect.right > box.right + SLACK_PX) {
          reported.add(element);
          problems.push(`${describe(element)} spans ${Math.round(rect.left)}–${Math.round(rect.right)} px, outside its card ${describe(card)} (${Math.round(box.left)}–${Math.round(box.right)} px)`);
        }
      }
    }
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth + SLACK_PX) {
      const culprit = [...document.body.querySelectorAll('*')].find((element) => element.getBoundingClientRect().right > page.clientWidth + SLACK_PX);
      problems.push(`the page scrolls sideways: ${page.scrollWidth} px wide in a ${page.clientWidth} px window${culprit ? `, first past the edge: ${describe(culprit)}` : ''}`);
    }
    return problems;
  });
}

/** Saves a full-page screenshot when E2E_SCREENSHOT_DIR is set, to look at layouts by eye. */
export async function screenshotFor(page: Page, name: string): Promise<void> {
  const directory = process.env.E2E_SCREENSHOT_DIR;
  if (directory) await page.screenshot({ path: `${directory}/${name}.png`, fullPage: true });
}
