import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserUnavailableReason,
  launchBrowser,
  openPage,
  screenshot,
  seriousAccessibilityViolations,
  serveTestApp,
  type ServedApp,
} from '../support/browser';

const skipReason = browserUnavailableReason();
if (skipReason !== null) console.warn(`skipped: browser tests of the web explorer, ${skipReason}`);

// In CI (CI=true) the browser tests never skip: a missing browser fails the first hook instead.
describe.runIf(skipReason === null || process.env.CI === 'true')('the explorer: catalog versions', () => {
  let served: ServedApp;
  let browser: Browser;

  beforeAll(async () => {
    expect(skipReason, 'the browser tests must run in CI').toBeNull();
    served = await serveTestApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('lists the versions, opens one with its roles, parameters and role graph, all from this machine', async () => {
    const { page, requests, consoleErrors, context } = await openPage(browser);
    await page.goto(`${served.baseUrl}/`);
    await page.getByRole('heading', { name: 'Catalog versions' }).waitFor();
    const row = page.getByRole('row', { name: /1\.30\.0/ });
    expect(await row.textContent()).toContain('published');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'versions');

    await page.getByRole('link', { name: '1.30.0' }).click();
    await page.getByRole('heading', { name: 'Catalog 1.30.0' }).waitFor();
    expect(page.url()).toBe(`${served.baseUrl}/versions/1.30.0`);
    await page.getByRole('rowheader', { name: 'master', exact: true }).waitFor();
    await page.getByRole('img', { name: /Graph of the roles/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'version');

    // A shared URL opens the same view directly.
    const again = await context.newPage();
    await again.goto(`${served.baseUrl}/versions/1.30.0`);
    await again.getByRole('heading', { name: 'Catalog 1.30.0' }).waitFor();

    expect(requests.filter((url) => !url.startsWith(served.baseUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('works at 360 px wide, by keyboard alone', async () => {
    const { page, context } = await openPage(browser, { width: 360, height: 740 });
    await page.goto(`${served.baseUrl}/versions`);
    await page.getByRole('heading', { name: 'Catalog versions' }).waitFor();
    // Nothing wider than the screen but the tables' own scrolling area.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await screenshot(page, 'versions-360px');
    await context.close();
  });
});
