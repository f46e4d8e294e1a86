/*
 * What the browser tests share about the demo: its addresses, signing in as the guest, the
 * PagerDuty card, screenshots and axe.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, Locator, Page, test } from '@playwright/test';

export const BACKEND = 'http://localhost:7007';
export const SIMULATOR = 'http://127.0.0.1:7300';
/** The simulator's demo API token. */
export const SIM_TOKEN = 'pdsim_demo_token_0123456789';
export const SIM_AUTH = { Authorization: `Token token=${SIM_TOKEN}` };

/** Opens `path`, entering as the guest when the demo asks (a first visit may still ask). */
export async function signIn(page: Page, path: string) {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible({ timeout: 5_000 }).catch(() => false)) {
    await enter.click();
  }
}

/** Opens a component's entity page and waits for its heading. */
export async function openEntity(page: Page, name: string) {
  await page.goto(`/catalog/default/component/${name}`);
  const heading = page.getByRole('heading', { name, exact: true }).first();
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(heading.or(enter)).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(heading).toBeVisible();
}

/** The PagerDuty card: the InfoCard whose title is "PagerDuty". */
export function pagerDutyCard(page: Page): Locator {
  return page.locator('.MuiCard-root').filter({
    has: page.getByRole('heading', { name: 'PagerDuty', exact: true }),
  });
}

/** A full-page screenshot in the test's output folder. */
export async function shot(page: Page, name: string) {
  await page.screenshot({
    path: test.info().outputPath(`${name}.png`),
    fullPage: true,
  });
}

/** axe on the part of the page that `selector` names: no violations. */
export async function expectNoAxeViolations(page: Page, selector: string) {
  const axe = await new AxeBuilder({ page }).include(selector).analyze();
  expect(
    axe.violations.map(
      v =>
        `${v.id}: ${v.help} at ${v.nodes
          .map(n => n.target.join(' '))
          .join(', ')}`,
    ),
  ).toEqual([]);
}

/** A Backstage token of the demo's guest user, for API calls. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  return (await res.json()).backstageIdentity.token;
}
