import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from 'playwright-core';
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
import { TEST_ADMIN_API_KEY } from '../support/test-app';

const skipReason = browserUnavailableReason();
if (skipReason !== null) console.warn(`skipped: browser tests of the upgrade and artifacts views, ${skipReason}`);

// In CI (CI=true) the browser tests never skip: a missing browser fails the first hook instead.
describe.runIf(skipReason === null || process.env.CI === 'true')('the explorer: upgrade and artifacts', () => {
  let served: ServedApp;
  let browser: Browser;

  /** A REST call with the admin key; fails the test on an error status, naming it. */
  const rest = async (method: string, path: string, body?: unknown): Promise<{ bytes: Buffer; headers: Headers }> => {
    const response = await fetch(`${served.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TEST_ADMIN_API_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${bytes.toString('utf8')}`);
    return { bytes, headers: response.headers };
  };

  /** Requests that left this service: none may (data: images and this page's own blob: downloads stay here). */
  const elsewhere = (requests: readonly string[]) =>
    requests.filter(
      (url) =>
        !url.startsWith(served.baseUrl) && !url.startsWith('data:') && !url.startsWith(`blob:${served.baseUrl}/`),
    );

  /** The file a download saved, as bytes. */
  const savedBytes = async (download: Download): Promise<Buffer> => readFile(await download.path());

  const clickAndDownload = async (page: Page, button: string): Promise<Download> => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    return download;
  };

  beforeAll(async () => {
    expect(skipReason, 'the browser tests must run in CI').toBeNull();
    served = await serveTestApp();
    browser = await launchBrowser();
    // A second published version: 1.30.0 plus one flow.
    await rest('POST', '/api/v1/catalogs', { version: '1.31.0', cloneFrom: 'latest' });
    await rest('POST', '/api/v1/catalogs/1.31.0/flows', {
      key: 'cilium-health',
      source: 'node',
      destination: 'node',
      protocol: 'tcp',
      ports: '4240',
      component: 'Health',
    });
    await rest('POST', '/api/v1/catalogs/1.31.0/publish');
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('compares the two latest versions, labels the added flow, and downloads the iptables change as REST sends it', async () => {
    const { page, requests, consoleErrors, context } = await openPage(browser);
    // With no versions in the URL: the latest published one and the one before, put in the URL.
    await page.goto(`${served.baseUrl}/upgrade`);
    await page.getByRole('heading', { name: 'Added (1)' }).waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe('1.30.0');
    expect(new URL(page.url()).searchParams.get('to')).toBe('1.31.0');
    await page.getByRole('heading', { name: 'Removed (0)' }).waitFor();
    await page.getByRole('heading', { name: 'Changed (0)' }).waitFor();

    // The added flow says so in words, not only in colour.
    const added = page.getByRole('row', { name: /cilium-health/ });
    expect(await added.getByRole('cell').first().textContent()).toBe('added');
    expect(await added.getAttribute('class')).toBe('added');
    expect(await added.textContent()).toContain('4240');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'upgrade');

    const download = await clickAndDownload(page, 'Download iptables change');
    const { bytes: expected, headers } = await rest('GET', '/api/v1/catalogs/1.31.0/artifacts/iptables?since=1.30.0');
    const saved = await savedBytes(download);
    expect(saved.toString('utf8')).toContain('4240');
    expect(saved.equals(expected), 'the saved file differs from the REST artifact').toBe(true);
    // Saved under the name REST gives the same artifact.
    expect(`attachment; filename="${download.suggestedFilename()}"`).toBe(headers.get('content-disposition'));
    await page
      .getByRole('status')
      .filter({ hasText: `Saved ${download.suggestedFilename()}` })
      .waitFor();

    expect(elsewhere(requests)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('opens a shared comparison by URL at 360 px wide, and shows a wrong parameter value at its field', async () => {
    const { page, context } = await openPage(browser, { width: 360, height: 740 });
    await page.goto(`${served.baseUrl}/upgrade?from=1.31.0&to=1.30.0&p.cni=calico`);
    // The other way round: the flow is removed.
    await page.getByRole('heading', { name: 'Removed (1)' }).waitFor();
    expect(
      await page
        .getByRole('row', { name: /cilium-health/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe('removed');
    expect(await page.getByLabel('cni', { exact: true }).inputValue()).toBe('calico');
    // Nothing wider than the screen but the tables' own scrolling areas.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    await page.getByLabel('nodePortRange', { exact: true }).fill('not-a-port');
    await page.getByLabel('nodePortRange', { exact: true }).press('Enter');
    const field = page.getByLabel('nodePortRange', { exact: true });
    await page.locator('#param-nodePortRange-error').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toBe('param-nodePortRange-error');
    expect(await page.locator('#param-nodePortRange-error').textContent()).toContain('nodePortRange');
    expect(new URL(page.url()).searchParams.get('p.nodePortRange')).toBe('not-a-port');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('previews, copies and downloads the iptables artifact, and draws the svg one', async () => {
    const { page, requests, consoleErrors, context } = await openPage(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.baseUrl });
    const { bytes: expected } = await rest('GET', '/api/v1/catalogs/1.31.0/artifacts/iptables?cni=calico');

    await page.goto(`${served.baseUrl}/artifacts?version=1.31.0&p.cni=calico&format=iptables`);
    const preview = page.locator('pre.code');
    await preview.waitFor();
    expect(await page.getByLabel('Catalog version', { exact: true }).inputValue()).toBe('1.31.0');
    expect(await page.getByLabel('Format', { exact: true }).inputValue()).toBe('iptables');
    // Highlighted (Prism, loaded with the preview): the file's comments are tokens of their own.
    await preview.locator('code.highlighted .token.comment').first().waitFor();
    // The text as the service renders it (each line once, numbered by CSS only), highlighting included.
    const shown = await preview.textContent();
    expect(shown?.replace(/\n$/, '')).toBe(expected.toString('utf8').replace(/\n$/, ''));
    expect(await preview.locator('.line').count()).toBe(
      expected.toString('utf8').replace(/\n$/, '').split('\n').length,
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'artifacts');

    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Copied .* to the clipboard\.$/ })
      .waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(expected.toString('utf8'));

    const download = await clickAndDownload(page, 'Download');
    expect((await savedBytes(download)).equals(expected), 'the saved file differs from the REST artifact').toBe(true);

    await page.getByLabel('Format', { exact: true }).selectOption('svg');
    const graph = page.getByRole('img', { name: /graph of the roles/ });
    await graph.waitFor();
    expect(new URL(page.url()).searchParams.get('format')).toBe('svg');
    expect(
      await graph.evaluate((image: HTMLImageElement) => image.decode().then(() => image.naturalWidth)),
    ).toBeGreaterThan(0);
    expect(await page.locator('pre.code').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'artifacts-svg');

    expect(elsewhere(requests)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
