import type { Browser, Page } from 'playwright-core';
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
if (skipReason !== null) console.warn(`skipped: browser tests of the explorer's editing views, ${skipReason}`);

/** Enters the key in the header form, as a person would (it stays in this tab only). */
async function enterKey(page: Page): Promise<void> {
  await page.getByLabel('API key').fill(TEST_ADMIN_API_KEY);
  await page.getByRole('button', { name: 'Use key' }).click();
  await page.getByText('API key set for this tab').waitFor();
}

/** The message shown at a control, once there is one; the control must be marked invalid and point at it. */
async function fieldError(page: Page, id: string): Promise<string> {
  const message = page.locator(`[id="${id}-error"]`);
  await message.waitFor();
  const control = page.locator(`[id="${id}"]`);
  expect(await control.getAttribute('aria-invalid'), `${id} is marked invalid`).toBe('true');
  expect((await control.getAttribute('aria-describedby'))?.split(' '), `${id} points at its message`).toContain(
    `${id}-error`,
  );
  return (await message.textContent()) ?? '';
}

// Each test drives a browser through many answers and three axe runs: a generous limit, not a timing.
// In CI (CI=true) the browser tests never skip: a missing browser fails the first hook instead.
describe.runIf(skipReason === null || process.env.CI === 'true')('the explorer: profiles and drafts', () => {
  let served: ServedApp;
  let browser: Browser;

  /** A REST read, as a client of the service other than the explorer would make it. */
  const rest = async (path: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${served.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}` },
    });
    expect(response.status, path).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    expect(skipReason, 'the browser tests must run in CI').toBeNull();
    served = await serveTestApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('creates a profile after a wrong CIDR shown at its field, then edits a parameter', async () => {
    const { page, requests, consoleErrors, context } = await openPage(browser);

    // Opened by URL directly; without a key the form says so and is disabled.
    await page.goto(`${served.baseUrl}/profiles?new=1`);
    await page.getByRole('heading', { name: 'New profile' }).waitFor();
    await page.getByText(/Saving needs an editor API key/).waitFor();
    expect(await page.getByRole('button', { name: 'Create profile' }).isDisabled()).toBe(true);

    await enterKey(page);
    await page.getByLabel('Name', { exact: true }).fill('edge-calico');
    await page.getByLabel('Description').fill('Edge clusters on Calico');
    await page.getByLabel('cni', { exact: true }).selectOption('calico');
    await page.getByLabel('master CIDRs', { exact: true }).fill('10.0.0.0/33');
    await page.getByRole('button', { name: 'Create profile' }).click();
    expect(await fieldError(page, 'addr-master-cidrs')).toContain('10.0.0.0/33');
    expect(await fieldError(page, 'addr-master-cidrs')).toContain('prefix length');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByLabel('master CIDRs', { exact: true }).fill('10.0.0.0/24\n10.0.1.0/24');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByRole('heading', { name: 'Profile edge-calico' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'now at revision 1' }).waitFor();
    expect(page.url()).toBe(`${served.baseUrl}/profiles/edge-calico?saved=1`);

    // Edit: another CNI; the answer's revision is shown.
    await page.getByLabel('cni', { exact: true }).selectOption('weave');
    await page.getByRole('button', { name: 'Save profile (revision 1)' }).click();
    await page.getByRole('status').filter({ hasText: 'now at revision 2' }).waitFor();
    await page.getByTestId('profile-revision').filter({ hasText: '2' }).waitFor();
    expect(await page.getByLabel('cni', { exact: true }).inputValue()).toBe('weave');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'profile-edit');

    const saved = await rest('/api/v1/profiles/edge-calico');
    expect(saved).toMatchObject({
      description: 'Edge clusters on Calico',
      params: { cni: 'weave' },
      addresses: { master: { cidrs: ['10.0.0.0/24', '10.0.1.0/24'] } },
      revision: 2,
    });

    await page.getByRole('link', { name: 'All profiles' }).click();
    await page.getByRole('heading', { name: 'Profiles' }).waitFor();
    expect(await page.getByRole('row', { name: /edge-calico/ }).textContent()).toContain('Edge clusters on Calico');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'profiles');

    expect(requests.filter((url) => !url.startsWith(served.baseUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  }, 120_000);

  it('creates a draft, edits a flow after a bad port shown at its field, and publishes the reviewed revision', async () => {
    const { page, requests, consoleErrors, context } = await openPage(browser);
    // The versions as the explorer asked for them before the change: 1.30.0 the only one.
    await page.goto(`${served.baseUrl}/versions`);
    await page.getByRole('row', { name: /1\.30\.0/ }).waitFor();
    expect(await page.getByRole('row', { name: /1\.31\.0/ }).count()).toBe(0);
    await page.goto(`${served.baseUrl}/drafts`);
    await page.getByRole('heading', { name: 'Drafts' }).waitFor();
    await enterKey(page);
    await page.getByLabel('Version label').fill('1.31.0');
    expect(await page.getByLabel('Clone from').inputValue()).toBe('latest');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { name: 'Draft 1.31.0' }).waitFor();
    await page.getByText('Every rule of an import holds').waitFor();

    // The list shows it.
    await page.getByRole('link', { name: 'All drafts' }).click();
    await page.getByRole('row', { name: /1\.31\.0/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'drafts');
    await page.getByRole('link', { name: '1.31.0' }).click();

    await page.getByRole('button', { name: 'Edit flow kubelet-api' }).click();
    expect(page.url()).toBe(`${served.baseUrl}/drafts/1.31.0?edit=kubelet-api`);
    const ports = page.getByLabel('Ports', { exact: true });
    expect(await ports.inputValue()).toBe('10250');
    await ports.fill('99999');
    await page.getByRole('button', { name: 'Save flow' }).click();
    expect(await fieldError(page, 'flow-kubelet-api-ports')).toContain('port 99999 is outside 1-65535');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'draft-edit');

    // The same edit opens from its URL in another tab.
    const shared = await context.newPage();
    await shared.goto(`${served.baseUrl}/drafts/1.31.0?edit=kubelet-api`);
    expect(await shared.getByLabel('Ports', { exact: true }).inputValue()).toBe('10250');
    await shared.close();

    await ports.fill('10255');
    await page.getByRole('button', { name: 'Save flow' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved flow kubelet-api (revision 2)' }).waitFor();
    // The row is read again from the service: it shows the saved port, and the draft's new revision.
    await page
      .getByRole('row', { name: /^kubelet-api/ })
      .filter({ hasText: '10255' })
      .waitFor();
    const reviewed = Number(await page.getByTestId('draft-revision').textContent());

    // Someone else changes the draft after this review: publishing what was reviewed is refused.
    const before = (await rest('/api/v1/catalogs/1.31.0')) as { revision: number };
    expect(before.revision).toBe(reviewed);
    const typha = await rest('/api/v1/catalogs/1.31.0/flows/canal-typha');
    const put = await fetch(`${served.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_API_KEY}` },
      body: JSON.stringify({
        query:
          'mutation($input: FlowDefinitionInput!) { updateFlow(version: "1.31.0", key: "canal-typha", input: $input) { revision } }',
        variables: {
          input: {
            source: typha.source,
            destination: typha.destination,
            protocol: typha.protocol,
            ports: typha.ports,
            condition: typha.condition,
            component: typha.component,
            section: typha.section,
            notes: 'changed by someone else',
          },
        },
      }),
    });
    expect(JSON.stringify(await put.json())).not.toContain('errors');

    await page.getByRole('button', { name: `Publish 1.31.0 at revision ${reviewed}` }).click();
    // Wait for the answer, whichever it is, then say which it should have been.
    const published = page.getByRole('status').filter({ hasText: 'Published 1.31.0' });
    const refused = page.getByRole('alert');
    await refused.or(published).first().waitFor();
    expect(await published.count(), 'a publish of a stale revision is refused').toBe(0);
    expect(await refused.textContent()).toContain('PRECONDITION_FAILED');
    expect(await refused.textContent()).toContain('changed since you read it');
    expect((await rest('/api/v1/catalogs/1.31.0')).status).toBe('draft');

    // Reloaded, the person reviews the newer revision and publishes it.
    await page.reload();
    await page.getByText('changed by someone else').waitFor();
    await page.getByRole('button', { name: `Publish 1.31.0 at revision ${reviewed + 1}` }).click();
    await page.getByRole('status').filter({ hasText: `Published 1.31.0 at revision` }).waitFor();
    await page.getByText('Catalog 1.31.0 is published: only a draft can change').waitFor();

    expect(await rest('/api/v1/catalogs/1.31.0')).toMatchObject({ status: 'published' });
    expect(await rest('/api/v1/catalogs/1.31.0/flows/kubelet-api')).toMatchObject({ ports: '10255' });
    // Asked again after the publish, the same view shows what changed (no answer kept from before it).
    await page.goto(`${served.baseUrl}/versions`);
    expect(await page.getByRole('row', { name: /1\.31\.0/ }).textContent()).toContain('published');
    await page.goto(`${served.baseUrl}/upgrade?from=1.30.0&to=1.31.0`);
    await page.getByRole('heading', { name: /^Changed \([1-9]/ }).waitFor();
    expect(
      await page
        .getByRole('row', { name: /kubelet-api/ })
        .first()
        .textContent(),
    ).toContain('changed');

    expect(requests.filter((url) => !url.startsWith(served.baseUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  }, 120_000);

  it('fits 360 px wide: the profile form and a draft with its flows', async () => {
    const { page, context } = await openPage(browser, { width: 360, height: 740 });
    for (const [path, heading] of [
      ['/profiles?new=1', 'New profile'],
      ['/drafts/1.30.0', 'Draft 1.30.0'],
    ] as const) {
      await page.goto(`${served.baseUrl}${path}`);
      await page.getByRole('heading', { name: heading }).waitFor();
      await page.getByRole('status').first().waitFor({ state: 'detached' });
      // Nothing wider than the screen but the tables' own scrolling area.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
