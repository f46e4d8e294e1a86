import { expect, test } from '@playwright/test';
import { BACKEND, SIMULATOR, SIM_AUTH, guestToken, signIn, shot } from './demo';

test('the "New service with PagerDuty" template creates the service in PagerDuty and the new component shows the card', async ({
  page,
}) => {
  const name = `orders-${Date.now().toString(36)}`;
  await signIn(page, '/create');
  const template = page
    .locator('.MuiCard-root, article')
    .filter({ hasText: 'New service with PagerDuty' })
    .first();
  await expect(template).toBeVisible();
  await shot(page, 'template-list');
  await template.getByRole('button', { name: /choose/i }).click();

  await page.getByLabel('Name', { exact: false }).first().fill(name);
  await page.getByLabel('Description').fill('Created by the browser test');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Escalation policy').first()).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await shot(page, 'template-review');
  await page.getByRole('button', { name: 'Create' }).click();

  const openInCatalog = page.getByRole('link', { name: /open in catalog/i });
  await expect(openInCatalog).toBeVisible({ timeout: 60_000 });
  await shot(page, 'template-done');

  // The service exists in PagerDuty (the simulator) with an Events API v2 integration.
  const res = await fetch(
    `${SIMULATOR}/services?query=${name}&include[]=integrations`,
    { headers: SIM_AUTH },
  );
  const services = (await res.json()).services as Array<{
    name: string;
    integrations: Array<{ type: string }>;
  }>;
  expect(services.map(s => s.name)).toEqual([name]);
  expect(services[0].integrations.map(i => i.type)).toEqual([
    'events_api_v2_inbound_integration',
  ]);

  await openInCatalog.click();
  await expect(
    page.getByRole('heading', { name, exact: true }).first(),
  ).toBeVisible({ timeout: 60_000 });
  const card = page.locator('.MuiCard-root').filter({
    has: page.getByRole('heading', { name: 'PagerDuty', exact: true }),
  });
  await expect(card).toBeVisible();
  // A new service: active, no incidents, and (with nothing open) the card opens on who is on
  // call through the escalation policy the template chose.
  await expect(card.getByText(name).first()).toBeVisible();
  await expect(card.getByText('Active')).toBeVisible();
  await expect(card.getByRole('tab', { name: 'Incidents (0)' })).toBeVisible();
  await expect(
    card.getByRole('tab', { name: 'Escalation policy', selected: true }),
  ).toBeVisible();
  await shot(page, 'template-entity-card');
});

test("the scaffolder lists the scaffolder module's three pagerduty: actions", async () => {
  const token = await guestToken();
  const res = await fetch(`${BACKEND}/api/scaffolder/v2/actions`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  const ids = ((await res.json()) as Array<{ id: string }>)
    .map(action => action.id)
    .filter(id => id.startsWith('pagerduty:'))
    .sort();
  // The scaffolder module's actions; the scaffolder also offers the plugin's actions of the
  // actions registry (pagerduty:get-oncall, …) to templates.
  expect(ids).toEqual(
    expect.arrayContaining([
      'pagerduty:change-event',
      'pagerduty:incident:trigger',
      'pagerduty:service:create',
    ]),
  );
});
