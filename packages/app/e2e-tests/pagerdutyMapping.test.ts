import { expect, Page, test } from '@playwright/test';
import {
  signIn as signedIn,
  pagerDutyCard as card,
  shot,
  SIM_AUTH,
  SIMULATOR,
} from './demo';

/** The simulator's REST API, straight from the test (as PagerDuty's web app would change it). */
async function simulator(method: string, path: string, body?: unknown) {
  const res = await fetch(`${SIMULATOR}${path}`, {
    method,
    headers: { ...SIM_AUTH, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => undefined) };
}

/*
 * The PagerDuty catalog module in the demo: entities linked by name and by the mapping page,
 * without YAML; an integration key resolved and kept out of the catalog.
 */

/** A catalog API call with the guest's Backstage token, from the page. */
async function catalogCall(page: Page, path: string, method = 'GET') {
  return page.evaluate(
    async ([p, m]) => {
      const token = await fetch(
        'http://localhost:7007/api/auth/guest/refresh',
        {
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
          credentials: 'include',
        },
      ).then(r => r.json());
      const r = await fetch(`http://localhost:7007/api/catalog${p}`, {
        method: m,
        headers: { Authorization: `Bearer ${token.backstageIdentity.token}` },
      });
      return { status: r.status, text: await r.text() };
    },
    [path, method],
  );
}

/** The last catalog sync of the demo's main account. */
async function lastSync(page: Page): Promise<{ startedAt: string }> {
  const sync = await catalogCall(page, '/pagerduty/mapping/sync');
  return JSON.parse(sync.text).accounts.find((a: any) => a.account === 'main');
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

test('dependencies and custom fields reach PagerDuty; the Health tab shows each account', async ({
  page,
}) => {
  // checkout-api dependsOn shipping (examples/entities.yaml): a PagerDuty dependency on the
  // service mapped to shipping by name. Run a cycle now: the first one may have read the
  // catalog before it had processed the relation.
  await signedIn(page, '/pagerduty');
  expect(
    (await catalogCall(page, '/pagerduty/mapping/sync', 'POST')).status,
  ).toBe(202);
  const shipping = (await simulator('GET', '/services?query=Shipping')).json
    .services[0].id;
  await expect(async () => {
    const deps = await simulator(
      'GET',
      '/service_dependencies/technical_services/PCHKOUT',
    );
    expect(
      deps.json.relationships.map((r: any) => [
        r.dependent_service.id,
        r.supporting_service.id,
      ]),
    ).toContainEqual(['PCHKOUT', shipping]);
    // Owner, system and lifecycle in the service's custom fields.
    const fields = await simulator(
      'GET',
      '/services/PCHKOUT/custom_fields/values',
    );
    expect(
      Object.fromEntries(
        fields.json.custom_fields.map((f: any) => [f.name, f.value]),
      ),
    ).toEqual({
      backstage_owner: 'payments-team',
      backstage_system: 'shop',
      lifecycle: 'production',
    });
  }).toPass({ timeout: 60_000 });

  await page.reload();
  const checkout = page.getByTestId('service-PCHKOUT').first();
  await expect(checkout).toContainText(/synced/, { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Health' }).click();
  const health = page.getByRole('table', { name: 'Account health' });
  const main = health.getByTestId('account-health-main');
  await expect(main).toContainText('main (default)');
  await expect(main).toContainText(/\d+ ms/);
  await expect(main).toContainText(/read \d+, added \d+, removed \d+/);
  await expect(main).toContainText(/written \d+, unchanged \d+, failed 0/);
  await expect(page.getByRole('table', { name: 'This replica' })).toContainText(
    'Live updates across replicas',
  );
  await shot(page, 'mapping-health');
});

test('a service created in PagerDuty is mapped by its webhook, before the next sync cycle', async ({
  page,
}) => {
  await signedIn(page, '/pagerduty');
  // The demo syncs every 2 minutes: start right after a cycle, so the next one is far enough
  // away to tell the webhook's work from the cycle's.
  await expect(async () => {
    const { startedAt } = await lastSync(page);
    expect(Date.now() - Date.parse(startedAt)).toBeLessThan(90_000);
  }).toPass({ timeout: 150_000, intervals: [2_000] });
  const created = await simulator('POST', '/services', {
    service: {
      type: 'service',
      name: 'Inventory',
      escalation_policy: { id: 'PEPPLAT', type: 'escalation_policy_reference' },
    },
  });
  expect(created.status).toBe(201);
  const createdAt = Date.now();
  const serviceId: string = created.json.service.id;
  try {
    await page.getByLabel('Search services').fill('Inventory');
    const row = page.getByTestId(`service-${serviceId}`);
    await expect(async () => {
      await page.reload();
      await page.getByLabel('Search services').fill('Inventory');
      await expect(row).toContainText('component:default/inventory', {
        timeout: 5_000,
      });
    }).toPass({ timeout: 60_000 });
    await expect(row).toContainText('by name');
    // No sync cycle ran since: the webhook did it.
    const main = await lastSync(page);
    expect(Date.parse(main.startedAt)).toBeLessThan(createdAt);
    await shot(page, 'mapping-service-created-by-webhook');
    await expectCardOn(page, 'inventory');
  } finally {
    await simulator('DELETE', `/services/${serviceId}`);
  }
  // service.deleted: the service leaves the page.
  await page.goto('/pagerduty');
  await expect(async () => {
    await page.reload();
    await page.getByLabel('Search services').fill('Inventory');
    await expect(page.getByTestId(`service-${serviceId}`)).toHaveCount(0, {
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
});

test('the integration key stays out of the catalog and triggering still works', async ({
  page,
}) => {
  await signedIn(page, '/catalog/default/component/payment-gateway');
  await expect(async () => {
    const entity = await catalogCall(
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
