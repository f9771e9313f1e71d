import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { format } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCREENSHOT_DIR,
  browserUnavailableReason,
  launchBrowser,
  openPage,
  serveTestApp,
  type ServedApp,
} from '../support/browser';

/** Cold loads measured; the median is the figure (one slow start does not move it). */
const LOADS = 5;
/** Where the figures go, beside the screenshots, for the README and for comparing releases. */
const RESULT_FILE = resolve(SCREENSHOT_DIR, 'first-render.json');

const skipReason = browserUnavailableReason();
if (skipReason !== null) console.warn(`skipped: the explorer's first-render measurement, ${skipReason}`);

/**
 * Installed before the page's own scripts: notes performance.now() (milliseconds since the
 * navigation started) at the first animation frame after the Versions table is in the
 * document, that is when it is first painted, and the first contentful paint.
 */
function recordFirstRender(): void {
  const marks = window as unknown as { __tableVisibleMs?: number; __firstContentfulPaintMs?: number };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-contentful-paint') marks.__firstContentfulPaintMs = entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
  const tableShown = () =>
    Array.from(document.querySelectorAll('table caption')).some((caption) =>
      caption.textContent?.includes('catalog version'),
    );
  const observer = new MutationObserver(() => {
    if (!tableShown()) return;
    observer.disconnect();
    requestAnimationFrame(() => (marks.__tableVisibleMs = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// A measurement, not a check of speed: it asserts only that each load did render the table.
describe.runIf(skipReason === null || process.env.CI === 'true')("the explorer's first render", () => {
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

  it(`measures / from navigation to the Versions table shown, over ${LOADS} cold loads`, async () => {
    const runs: Array<{ tableVisibleMs: number; firstContentfulPaintMs: number | null }> = [];
    for (let load = 0; load < LOADS; load++) {
      // A new context each time: an empty cache, no session, as a first visit.
      const { page, context, requests } = await openPage(browser);
      await page.addInitScript(recordFirstRender);
      await page.goto(`${served.baseUrl}/`);
      await page.getByRole('table', { name: /catalog version/i }).waitFor();
      await page.waitForFunction(
        () => (window as unknown as { __tableVisibleMs?: number }).__tableVisibleMs !== undefined,
      );
      const marks = await page.evaluate(() => {
        const w = window as unknown as { __tableVisibleMs: number; __firstContentfulPaintMs?: number };
        return { tableVisibleMs: w.__tableVisibleMs, firstContentfulPaintMs: w.__firstContentfulPaintMs ?? null };
      });
      expect(marks.tableVisibleMs).toBeGreaterThan(0);
      expect(requests.filter((url) => !url.startsWith(served.baseUrl) && !url.startsWith('data:'))).toEqual([]);
      runs.push(marks);
      await context.close();
    }
    const fcp = runs.map((run) => run.firstContentfulPaintMs).filter((value): value is number => value !== null);
    const result = {
      what: 'GET / in headless Chromium, new context each load: navigation start to the first frame with the Versions table',
      url: '/',
      loads: LOADS,
      medianMs: Math.round(median(runs.map((run) => run.tableVisibleMs))),
      medianFirstContentfulPaintMs: fcp.length > 0 ? Math.round(median(fcp)) : null,
      runsMs: runs.map((run) => Math.round(run.tableVisibleMs)),
      measuredAt: new Date().toISOString(),
    };
    console.log(
      `first render of /: median ${result.medianMs} ms to the Versions table (first contentful paint ${result.medianFirstContentfulPaintMs} ms) over ${LOADS} cold loads: ${result.runsMs.join(', ')} ms`,
    );
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // Formatted as the repository's Prettier check wants it, so a committed copy stays valid.
    writeFileSync(RESULT_FILE, await format(JSON.stringify(result), { parser: 'json' }));
    // Five page loads and a service's first queries: more than the default 30 s on a busy machine.
  }, 180_000);
});
