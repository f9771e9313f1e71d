import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserUnavailableReason,
  launchBrowser,
  openPage,
  screenshot,
  serveTestApp,
  type ServedApp,
} from '../support/browser';

const skipReason = browserUnavailableReason();
if (skipReason !== null) console.warn(`skipped: browser tests of GraphiQL, ${skipReason}`);

// In CI (CI=true) the browser tests never skip: a missing browser fails the first hook instead.
// No axe check here: GraphiQL is a third party's interface, not the explorer's.
describe.runIf(skipReason === null || process.env.CI === 'true')('GraphiQL at /graphql', () => {
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

  it('runs a query and shows the schema docs, everything from the service', async () => {
    const { page, requests, consoleErrors, context } = await openPage(browser);
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${served.baseUrl}/graphql`);
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.waitFor();

    // CodeMirror 5 under the editor: set the query through it, as typing would (no auto-closed brackets).
    await editor.evaluate((element, query) => {
      (element as unknown as { CodeMirror: { setValue(text: string): void } }).CodeMirror.setValue(query);
    }, '{ catalogs { version } }');
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response .CodeMirror');
    await expect.poll(async () => (await result.textContent()) ?? '').toContain('"1.30.0"');
    expect(await result.textContent()).toContain('"catalogs"');

    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('link', { name: 'Query' }).first().click();
    await docs.getByText('Reads: catalog versions, flow questions, artifacts, diffs, profiles, audit events').waitFor();
    await screenshot(page, 'graphiql');

    expect(requests.filter((url) => !url.startsWith(served.baseUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(requests).toContain(`${served.baseUrl}/graphql`);
    expect(cspViolations).toEqual([]);
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
