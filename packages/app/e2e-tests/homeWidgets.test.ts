import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, shot, signIn } from './demo';

/*
 * The demo opens on the home page with the PagerDuty widgets: the guest's on-call shifts
 * (their user entity's email is Alice's in the simulator) and their teams' services with open
 * incidents; the catalog is still one click away.
 */
test('the home page shows my on-call shifts and my teams’ services', async ({
  page,
}) => {
  await signIn(page, '/');
  const shifts = page.getByTestId('pagerduty-my-oncall');
  await expect(shifts).toBeVisible({ timeout: 60_000 });
  await expect(shifts.getByRole('listitem').first()).toBeVisible();
  await expect(shifts).toContainText(/Level \d of /);
  const services = page.getByTestId('pagerduty-my-services');
  await expect(services).toBeVisible();
  await expect(
    services
      .getByRole('link')
      .or(services.getByText(/No open incidents|own no entity/))
      .first(),
  ).toBeVisible();
  await shot(page, 'home');
  await expectNoAxeViolations(page, '[data-testid="pagerduty-my-oncall"]');
  await expectNoAxeViolations(page, '[data-testid="pagerduty-my-services"]');

  await page.getByRole('link', { name: 'Catalog' }).first().click();
  await expect(page).toHaveURL(/\/catalog/);
});
