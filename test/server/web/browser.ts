import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../edge/display/browser.ts';

export { launchChromium };

/** Opens a page of the shore web and waits until it has rendered from the API (or failed, which fails the test). */
export async function openPage(browser: Browser, url: string, viewport = { width: 1360, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await waitReady(page, errors);
  return page;
}

export async function waitReady(page: Page, errors: string[] = []): Promise<void> {
  await page.waitForFunction(() => ['true', 'error'].includes(document.getElementById('main')?.dataset.ready ?? ''), null, { timeout: 30_000 });
  const state = await page.evaluate(() => document.getElementById('main')!.dataset.ready);
  if (state !== 'true' || errors.length > 0) {
    throw new Error(`page ${page.url()} failed: ${state}; ${errors.join('; ')} ${await page.textContent('main')}`);
  }
}
