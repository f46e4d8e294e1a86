import { expect, Page, test } from '@playwright/test';
import { signIn as signedIn, pagerDutyCard as card, shot } from './demo';

/*
 * The PagerDuty catalog module in the demo: entities linked by name and by the mapping page,
 * without YAML; an integration key resolved and kept out of the catalog.
 */

/** A catalog API call with the guest's Backstage token, from the page. */
async function catalogGet(page: Page, path: string) {
  return page.evaluate(async p => {
    const token = await fetch('http://localhost:7007/api/auth/guest/refresh', {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      credentials: 'include',
    }).then(r => r.json());
    const r = await fetch(`http://localhost:7007/api/catalog${p}`, {
      headers: { Authorization: `Bearer ${token.backstageIdentity.token}` },
    });
    return { status: r.status, text: await r.text() };
  }, path);
}

/** Opens an entity page until its PagerDuty card shows (the catalog reprocesses it). */
async function expectCardOn(page: Page, name: string) {
  await expect(async () => {
    await page.goto(`/catalog/default/component/${name}`);
    await expect(
      page.getByRole('heading', { name, exact: true }).first(),
    ).toBeVisible();
    await expect(card(page)).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 120_000 });
}

// The first test of a fresh dev server also waits for the app's first build.
test.setTimeout(300_000);

test('the PagerDuty page lists every service with its state; mapping one shows its card', async ({
  page,
}) => {
  await signedIn(page, '/pagerduty');
  const table = page.getByRole('table', { name: 'PagerDuty services' });
  // The first sync runs a few seconds after the backend starts.
  await expect(async () => {
    await page.reload();
    await expect(table.getByText('Shipping').first()).toBeVisible({
      timeout: 15_000,
    });
  }).toPass({ timeout: 120_000 });
  const row = (id: string) => page.getByTestId(`service-${id}`);
  await expect(row('PCHKOUT').first()).toContainText('mapped');
  await expect(row('PCHKOUT').first()).toContainText('by annotation');
  await expect(page.getByLabel('Totals')).toContainText('unmapped');
  await shot(page, 'mapping-page');

  // Mapped by name, no annotation in YAML: the card is there.
  await expectCardOn(page, 'shipping');
  await shot(page, 'shipping-card-by-name');

  // auth-gateway matches nothing: map "Identity" to it on the page.
  await page.goto('/pagerduty');
  await page.getByLabel('Search services').fill('Identity');
  const identity = page
    .getByRole('row')
    .filter({ hasText: 'Identity' })
    .filter({ hasText: 'main' });
  await expect(identity).toHaveCount(1);
  await identity
    .getByLabel('Entity for Identity')
    .fill('component:default/auth-gateway');
  await identity.getByRole('button', { name: 'Map Identity' }).click();
  await expect(identity).toContainText('by manual');
  await shot(page, 'mapping-identity-mapped');

  await expectCardOn(page, 'auth-gateway');
  await shot(page, 'auth-gateway-card-by-mapping');
});

test('the integration key stays out of the catalog and triggering still works', async ({
  page,
}) => {
  await signedIn(page, '/catalog/default/component/payment-gateway');
  await expect(async () => {
    const entity = await catalogGet(
      page,
      '/entities/by-name/component/default/payment-gateway',
    );
    expect(entity.status).toBe(200);
    expect(entity.text).not.toContain('pdsimpayments');
    expect(entity.text).not.toContain('pagerduty.com/integration-key');
    expect(JSON.parse(entity.text).metadata.annotations).toMatchObject({
      'pagerduty.com/service-id': 'PPAYMNT',
      'pagerduty.com/mapped-by': 'integration-key',
    });
  }).toPass({ timeout: 120_000 });

  await expectCardOn(page, 'payment-gateway');
  const summary = `Mapped trigger ${Date.now()}`;
  await card(page)
    .getByRole('button', { name: /trigger incident/i })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Summary').fill(summary);
  await dialog.getByRole('button', { name: 'Trigger incident' }).click();
  await expect(dialog.getByText(/delivered to pagerduty/i)).toBeVisible();
  await shot(page, 'payment-gateway-triggered');
});
