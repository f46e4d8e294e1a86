import { expect, test } from '@playwright/test';
import {
  SIMULATOR,
  SIM_AUTH,
  expectNoAxeViolations,
  openEntity,
  pagerDutyCard as card,
  shot,
} from './demo';

/*
 * "Who do I call, and how" on the demo: on-call with contact links on load, an alert storm
 * that keeps the card short, notes readable on the card, and the integration-key entity.
 */

/** The Events API v2 key of nightly-batch (PGAPSVC), quiet in the demo data. */
const NIGHTLY_KEY = 'pdsimgap000000000000000000000004';

async function sendEvent(body: object) {
  const res = await fetch(`${SIMULATOR}/v2/enqueue`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
}

test('shows who is on call on load, with a tel: link, and the escalation delay', async ({
  page,
}) => {
  await openEntity(page, 'checkout-api');
  const pd = card(page);
  const now = pd.getByRole('region', { name: 'On call now' });
  await expect(now).toBeVisible();
  const call = now.getByRole('link', { name: /^Call / }).first();
  await expect(call).toBeVisible();
  await expect(call).toHaveAttribute('href', /^tel:\+\d{8,15}$/);
  await expect(
    now.getByRole('link', { name: /^Send an SMS/ }).first(),
  ).toHaveAttribute('href', /^sms:\+\d+$/);
  await expect(
    now.getByRole('link', { name: /^Email / }).first(),
  ).toHaveAttribute('href', /^mailto:/);
  await expect(now).toContainText(/until /);
  await expect(now.getByTestId('oncall-now-next')).toContainText(
    /Escalates after \d+ min to/,
  );
  // The card opens on the incidents, since there are some.
  await expect(
    pd.getByRole('tab', { name: /Incidents \(\d+\)/ }),
  ).toHaveAttribute('aria-selected', 'true');
  await expect(pd.getByText('Live updates')).toBeVisible();
  await expect(pd.getByText(/updated .+ ago/)).toBeVisible();
  await shot(page, 'oncall-now');
  await expectNoAxeViolations(page, '.MuiCard-root');

  // Keyboard: the first contact link is reachable with Tab.
  await call.focus();
  await expect(call).toBeFocused();
});

test('keeps the card short in a 30-incident storm, oldest first, with Show all', async ({
  page,
}) => {
  const run = Date.now();
  const keys = Array.from({ length: 30 }, (_, i) => `storm-${run}-${i}`);
  try {
    for (const [i, key] of keys.entries()) {
      await sendEvent({
        routing_key: NIGHTLY_KEY,
        event_action: 'trigger',
        dedup_key: key,
        payload: {
          summary: `Storm disk alert ${i} ${run}`,
          source: 'browser-test',
          severity: 'warning',
        },
      });
    }
    await openEntity(page, 'nightly-batch');
    const pd = card(page);
    await expect(
      pd.getByRole('button', { name: /^Show all \d+$/ }),
    ).toBeVisible({
      timeout: 30_000,
    });
    const rows = pd
      .getByRole('list', { name: 'Open incidents' })
      .locator(':scope > li');
    await expect(rows).toHaveCount(4);
    // All triggered, same urgency, no priority: the one waiting longest comes first.
    await expect(rows.first()).toContainText(`Storm disk alert 0 ${run}`);
    const height = (await pd.boundingBox())!.height;
    test.info().annotations.push({
      type: 'storm card height',
      description: `${Math.round(height)} px`,
    });
    // eslint-disable-next-line no-console
    console.log(`storm card height: ${Math.round(height)} px`);
    expect(height).toBeLessThan(1600);
    await shot(page, 'storm');
    await pd.getByRole('button', { name: /^Show all \d+$/ }).click();
    await expect(rows).toHaveCount(30, { timeout: 10_000 });
    await expect(pd.getByRole('button', { name: 'Show fewer' })).toBeVisible();
  } finally {
    for (const key of keys) {
      await sendEvent({
        routing_key: NIGHTLY_KEY,
        event_action: 'resolve',
        dedup_key: key,
      });
    }
  }
});

test('a note added through the PagerDuty API is readable on the card', async ({
  page,
}) => {
  const list = await fetch(
    `${SIMULATOR}/incidents?service_ids[]=PCHKOUT&statuses[]=triggered&statuses[]=acknowledged`,
    { headers: SIM_AUTH },
  ).then(r => r.json());
  const incident = list.incidents[0];
  const content = `Rolled back at ${Date.now()}`;
  const res = await fetch(`${SIMULATOR}/incidents/${incident.id}/notes`, {
    method: 'POST',
    headers: {
      ...SIM_AUTH,
      'Content-Type': 'application/json',
      From: 'alice@example.com',
    },
    body: JSON.stringify({ note: { content } }),
  });
  expect(res.ok).toBe(true);

  await openEntity(page, 'checkout-api');
  const pd = card(page);
  const toggle = pd.getByRole('button', {
    name: `Details of incident #${incident.incident_number}`,
  });
  await toggle.click();
  const details = pd.getByTestId(`incident-details-${incident.id}`);
  await expect(details.getByRole('list', { name: 'Notes' })).toContainText(
    content,
  );
  await expect(details.getByRole('list', { name: 'Timeline' })).toBeVisible();
  await shot(page, 'incident-notes');
  await expectNoAxeViolations(page, '.MuiCard-root');
});

test('finds the service of an entity annotated with an integration key', async ({
  page,
}) => {
  await openEntity(page, 'payments-gateway');
  const pd = card(page);
  await expect(pd.getByRole('region', { name: 'On call now' })).toBeVisible();
  await expect(
    pd.getByText('Payments', { exact: false }).first(),
  ).toBeVisible();
  await expect(pd.getByTestId(/^pagerduty-problem-/)).toHaveCount(0);
  await shot(page, 'integration-key');
});

test('the trigger dialog says who it pages, and passes axe', async ({
  page,
}) => {
  await openEntity(page, 'checkout-api');
  const pd = card(page);
  await expect(pd.getByRole('region', { name: 'On call now' })).toBeVisible();
  await pd.getByRole('button', { name: /trigger incident/i }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('pagerduty-who-is-paged')).toContainText(
    /This pages .+ \(level 1, .+\) now\./,
  );
  await expect(dialog).toContainText('Not urgent?');
  await expect(dialog).toContainText('Triggered by Guest');
  await shot(page, 'trigger-dialog');
  await expectNoAxeViolations(page, '[role="dialog"]');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('the demo works at http://127.0.0.1:3000 too', async ({ page }) => {
  await page.goto(
    'http://127.0.0.1:3000/catalog/default/component/checkout-api',
  );
  const enter = page.getByRole('button', { name: 'Enter' });
  const heading = page
    .getByRole('heading', { name: 'checkout-api', exact: true })
    .first();
  await expect(heading.or(enter)).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(heading).toBeVisible();
  await expect(
    card(page).getByRole('region', { name: 'On call now' }),
  ).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test(`card screenshot for the README (${theme})`, async ({ page }) => {
    await page.addInitScript(
      t => window.localStorage.setItem('theme', t),
      theme,
    );
    await openEntity(page, 'checkout-api');
    const pd = card(page);
    await expect(pd.getByRole('region', { name: 'On call now' })).toBeVisible();
    await expect(
      pd.getByRole('list', { name: 'Open incidents' }),
    ).toBeVisible();
    await expect(pd.getByText(/updated .+ ago/)).toBeVisible();
    await pd.screenshot({
      path: test.info().outputPath(`entity-card-${theme}.png`),
    });
  });
}
