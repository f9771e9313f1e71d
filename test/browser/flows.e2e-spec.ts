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
import { TEST_ADMIN_API_KEY } from '../support/test-app';

const skipReason = browserUnavailableReason();
if (skipReason !== null) console.warn(`skipped: browser tests of the explorer's Flows and Matrix views, ${skipReason}`);

const PROFILE = 'calico-prod';

interface RestFlow {
  readonly key: string;
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  readonly fromPort: number | null;
  readonly toPort: number | null;
  readonly component: string;
}

/** The ports column as the explorer writes it. */
function ports(flow: RestFlow): string {
  if (flow.fromPort === null) return '—';
  return flow.toPort === null || flow.toPort === flow.fromPort
    ? String(flow.fromPort)
    : `${flow.fromPort}-${flow.toPort}`;
}

// In CI (CI=true) the browser tests never skip: a missing browser fails the first hook instead.
describe.runIf(skipReason === null || process.env.CI === 'true')('the explorer: flows and matrix', () => {
  let served: ServedApp;
  let browser: Browser;
  /** The service's own REST answer for worker → master under the profile: what the page must show. */
  let restFlows: RestFlow[];

  beforeAll(async () => {
    expect(skipReason, 'the browser tests must run in CI').toBeNull();
    served = await serveTestApp();
    browser = await launchBrowser();
    const put = await fetch(`${served.baseUrl}/api/v1/profiles/${PROFILE}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 'latest',
        params: { cni: 'calico' },
        addresses: { master: ['10.0.1.0/24'], worker: ['10.0.2.0/24'] },
      }),
    });
    expect(put.status, await put.clone().text()).toBeLessThan(300);
    const answer = await fetch(`${served.baseUrl}/api/v1/profiles/${PROFILE}/flows?from=worker&to=master`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}` },
    });
    expect(answer.status).toBe(200);
    restFlows = ((await answer.json()) as { flows: RestFlow[] }).flows;
    expect(restFlows.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('finds the flows from worker to master for a Calico profile and explains one; the URL brings it all back', async () => {
    const { page, requests, consoleErrors, context } = await openPage(browser);
    await page.goto(`${served.baseUrl}/flows`);
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();

    // The question, asked with the form's own controls.
    const subject = page.getByLabel('Version or profile');
    await subject.locator(`option[value="profile:${PROFILE}"]`).waitFor({ state: 'attached' });
    await subject.selectOption(`profile:${PROFILE}`);
    await page.getByLabel('From role (source)').locator('option[value="worker"]').waitFor({ state: 'attached' });
    await page.getByLabel('From role (source)').selectOption('worker');
    await page.getByLabel('To role (destination)').selectOption('master');
    // The profile's value shows as what an unset parameter means.
    await page.getByLabel('cni', { exact: true }).locator('option', { hasText: "profile's: calico" }).waitFor({
      state: 'attached',
    });

    const table = page.getByRole('table', { name: `Flows from worker to master under profile ${PROFILE}` });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(restFlows.length);
    // Every flow of the service's REST answer is a row of the table: component, protocol and ports.
    for (const flow of restFlows) {
      const row = rows.filter({ hasText: flow.component }).filter({ hasText: flow.protocol });
      expect(await row.allTextContents(), `${flow.key} is shown`).toEqual(
        expect.arrayContaining([expect.stringContaining(ports(flow))]),
      );
    }
    expect(new URL(page.url()).searchParams.toString()).toBe(`profile=${PROFILE}&from=worker&to=master`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'flows');

    // A flow that exists only because the profile says calico: its explanation shows that condition.
    const explained = await conditionalFlow(served.baseUrl, restFlows);
    const why = page.getByRole('button', { name: new RegExp(`^Why\\? ${escape(explained.component)}`) }).first();
    expect(await why.getAttribute('aria-expanded')).toBe('false');
    await why.focus();
    await page.keyboard.press('Enter'); // keyboard-operable
    expect(await why.getAttribute('aria-expanded')).toBe('true');
    const panel = page.getByRole('region', { name: `Explanation of ${explained.key}` });
    await panel.getByText('Evaluated to').waitFor();
    expect(await panel.locator('code.condition').textContent()).toBe(explained.condition);
    expect(await panel.textContent()).toContain('cni = calico');
    expect(await panel.textContent()).toContain('required');
    expect(new URL(page.url()).searchParams.get('explain')).toBe(explained.key);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'flow-explanation');

    // Reloading the URL (or sharing it) brings back the same question and the open explanation.
    const url = page.url();
    await page.reload();
    const again = page.getByRole('region', { name: `Explanation of ${explained.key}` });
    await again.locator('code.condition').waitFor();
    expect(await again.locator('code.condition').textContent()).toBe(explained.condition);
    expect(page.url()).toBe(url);
    expect(await page.getByLabel('Version or profile').inputValue()).toBe(`profile:${PROFILE}`);
    expect(await page.getByLabel('From role (source)').inputValue()).toBe('worker');
    expect(await page.getByLabel('To role (destination)').inputValue()).toBe('master');
    await expect.poll(() => page.locator('table.flows tbody tr:not(.explanation-row)').count()).toBe(restFlows.length);

    // Closing it takes it out of the URL.
    await page
      .getByRole('button', { name: new RegExp(`^Why\\? ${escape(explained.component)}`), expanded: true })
      .click();
    await expect.poll(() => new URL(page.url()).searchParams.has('explain')).toBe(false);

    expect(requests.filter((url) => !url.startsWith(served.baseUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('shows a wrong parameter value at its field', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${served.baseUrl}/flows?catalog=1.30.0&p.nodePortRange=70000`);
    const field = page.getByLabel('nodePortRange');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const message = page.locator(`[id="${describedBy.split(' ').at(-1)}"]`);
    expect(await message.textContent()).toContain('70000');
    expect(await message.getAttribute('class')).toBe('field-error');
    await context.close();
  });

  it('opens a matrix cell: its flows below, as many rows as the cell says, and a link to the same question in Flows', async () => {
    const { page, requests, consoleErrors, context } = await openPage(browser);
    // Opened by URL directly, as a shared link would.
    await page.goto(`${served.baseUrl}/matrix?profile=${PROFILE}`);
    await page.getByRole('heading', { name: 'Matrix', exact: true }).waitFor();
    const cell = page.getByRole('button', { name: /^\d+ flows? from worker to master$/ });
    await cell.waitFor();
    const count = Number(await cell.textContent());
    expect(count).toBe(restFlows.length);
    expect(await page.getByRole('rowheader', { name: 'worker', exact: true }).count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: 'master', exact: true }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await cell.click();
    await page
      .getByRole('heading', { name: `${count} ${count === 1 ? 'flow' : 'flows'} from worker to master` })
      .waitFor();
    const table = page.getByRole('table', { name: /^Flows from worker to master/ });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(count);
    for (const flow of restFlows) expect(await table.textContent()).toContain(flow.component);
    const query = new URL(page.url()).searchParams;
    expect([query.get('profile'), query.get('from'), query.get('to')]).toEqual([PROFILE, 'worker', 'master']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'matrix');

    // "Open in Flows" asks the same question there.
    await page.getByRole('link', { name: 'Open in Flows' }).click();
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
    expect(page.url()).toBe(`${served.baseUrl}/flows?profile=${PROFILE}&from=worker&to=master`);
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: /^Flows from worker to master/ })
          .locator('tbody tr')
          .count(),
      )
      .toBe(count);

    expect(requests.filter((url) => !url.startsWith(served.baseUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('fits 360 px: the tables scroll inside their own area', async () => {
    const { page, context } = await openPage(browser, { width: 360, height: 740 });
    await page.goto(`${served.baseUrl}/matrix?profile=${PROFILE}&from=worker&to=master`);
    await page.getByRole('table', { name: /^Flows from worker to master/ }).waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto(`${served.baseUrl}/flows?profile=${PROFILE}&from=worker&to=master&explain=calico-bgp`);
    await page
      .getByRole('region', { name: /^Explanation of / })
      .getByText('Evaluated to')
      .waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await context.close();
  });
});

/** Escapes text for a RegExp. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One of the flows whose catalog row has a condition (so the explanation has one to show), with
 * that condition as the service writes it, read from the service's GraphQL `explainFlow`.
 */
async function conditionalFlow(
  baseUrl: string,
  flows: readonly RestFlow[],
): Promise<{ key: string; component: string; condition: string }> {
  for (const flow of flows) {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_API_KEY}` },
      body: JSON.stringify({
        query: 'query($k: String!, $p: String) { explainFlow(key: $k, profile: $p) { condition { canonical } } }',
        variables: { k: flow.key, p: PROFILE },
      }),
    });
    const body = (await response.json()) as { data: { explainFlow: { condition: { canonical: string } } } };
    const condition = body.data.explainFlow.condition.canonical;
    if (condition.includes('cni')) return { key: flow.key, component: flow.component, condition };
  }
  throw new Error('no flow from worker to master depends on cni: the seeded catalog changed');
}
