import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import {
  SIMULATOR,
  SIM_AUTH,
  openEntity,
  pagerDutyCard as card,
  shot,
} from './demo';

test('shows open incidents and who is on call, from the simulator', async ({
  page,
}) => {
  await openEntity(page, 'checkout-api');
  const pd = card(page);
  await expect(pd.getByText('Checkout API error rate above 5%')).toBeVisible();
  await expect(pd.getByText('Elevated latency on /cart')).toBeVisible();
  await expect(
    pd.getByText('Triggered', { exact: true }).first(),
  ).toBeVisible();
  await expect(
    pd.getByText('Acknowledged', { exact: true }).first(),
  ).toBeVisible();
  await shot(page, 'checkout-incidents');

  await pd.getByRole('tab', { name: 'Escalation policy' }).click();
  await expect(pd.getByText(/level 1/i).first()).toBeVisible();
  await expect(pd.getByText('Heidi Hill').first()).toBeVisible();
  await shot(page, 'checkout-oncall');

  const axe = await new AxeBuilder({ page }).include('.MuiCard-root').analyze();
  const cardViolations = axe.violations.filter(v =>
    v.nodes.some(n => n.html && !n.html.includes('<body')),
  );
  expect(
    cardViolations.map(
      v =>
        `${v.id}: ${v.help} at ${v.nodes
          .map(n => n.target.join(' '))
          .join(', ')}`,
    ),
  ).toEqual([]);
});

test('triggers an incident from the dialog, then acknowledges and resolves it', async ({
  page,
}) => {
  const summary = `Browser test incident ${Date.now()}`;
  await openEntity(page, 'checkout-api');
  const pd = card(page);
  await pd.getByRole('button', { name: /trigger incident/i }).click();

  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Summary').fill(summary);
  await dialog.getByLabel('Warning').check();
  await dialog.getByRole('button', { name: 'Trigger incident' }).click();
  await expect(dialog.getByText(/delivered to pagerduty/i)).toBeVisible();
  await shot(page, 'trigger-delivered');
  await dialog
    .getByRole('button', { name: /close|done/i })
    .first()
    .click();

  await expect(pd.getByText(summary)).toBeVisible();
  const row = pd
    .locator('li, [role="listitem"], .MuiListItem-root')
    .filter({ hasText: summary });
  const number = (await row.first().innerText()).match(/#(\d+)/)?.[1];
  expect(number).toBeDefined();

  await pd
    .getByRole('button', { name: `Acknowledge incident #${number}` })
    .click();
  await expect(
    row.first().getByText('Acknowledged', { exact: true }),
  ).toBeVisible();
  await shot(page, 'after-acknowledge');

  await pd.getByRole('button', { name: `Resolve incident #${number}` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Resolve' })
    .click();
  await expect(pd.getByText(summary)).toHaveCount(0);
  await shot(page, 'after-resolve');

  // What PagerDuty (the simulator) has now.
  const res = await fetch(
    `${SIMULATOR}/incidents?statuses[]=resolved&date_range=all&limit=100&sort_by=created_at:desc`,
    { headers: SIM_AUTH },
  );
  const body = await res.json();
  expect(
    body.incidents.some((i: { title: string }) => i.title === summary),
  ).toBe(true);
});

test('shows the change events error in its section only', async ({ page }) => {
  await openEntity(page, 'legacy-billing');
  const pd = card(page);
  await pd.getByRole('tab', { name: /change events/i }).click();
  await expect(pd.getByText('PagerDuty refused access')).toBeVisible();
  await shot(page, 'change-events-forbidden');
  await pd.getByRole('tab', { name: /incidents/i }).click();
  await expect(pd.getByText(/no open incidents/i)).toBeVisible();
});

test('shows no card without a PagerDuty annotation', async ({ page }) => {
  await openEntity(page, 'docs-site');
  await expect(page.getByText('About').first()).toBeVisible();
  await expect(card(page)).toHaveCount(0);
  await shot(page, 'no-annotation');
});

test('shows a small problem card for a malformed annotation, and the API names it', async ({
  page,
}) => {
  await openEntity(page, 'broken-annotation');
  const pd = card(page);
  await expect(pd.getByText('Invalid PagerDuty annotation')).toBeVisible();
  await expect(pd).toContainText('pagerduty.com/service-id');
  await expect(pd).toContainText('not a service id!');
  await shot(page, 'malformed-annotation');
  // The backend tells scripts (and the legacy card) what is wrong.
  const status = await page.evaluate(async () => {
    const token = await fetch('http://localhost:7007/api/auth/guest/refresh', {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      credentials: 'include',
    }).then(r => r.json());
    const r = await fetch(
      'http://localhost:7007/api/pagerduty/entities/component/default/broken-annotation/incidents',
      { headers: { Authorization: `Bearer ${token.backstageIdentity.token}` } },
    );
    return { status: r.status, body: await r.json() };
  });
  expect(status.status).toBe(400);
  expect(status.body.error.code).toBe('PAGERDUTY_INVALID_ANNOTATION');
  expect(status.body.error.message).toContain('pagerduty.com/service-id');
});

test('an incident changed in PagerDuty updates the open card without a reload', async ({
  page,
}) => {
  // The card subscribes to its service's signal channel over the signals WebSocket.
  const subscribed = new Promise<void>(resolve => {
    page.on('websocket', ws =>
      ws.on('framesent', frame => {
        if (
          String(frame.payload).includes('"channel":"pagerduty:main:PCHKOUT"')
        )
          resolve();
      }),
    );
  });
  await openEntity(page, 'checkout-api');
  const pd = card(page);
  await expect(pd.getByText('Live updates')).toBeVisible();
  await expect(pd.getByText('Checkout API error rate above 5%')).toBeVisible();
  await subscribed;

  // A new incident, triggered in PagerDuty (the simulator's Events API), not in Backstage.
  const summary = `Raised outside Backstage ${Date.now()}`;
  const event = await fetch(`${SIMULATOR}/v2/enqueue`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      routing_key: 'pdsimcheckout0000000000000000001',
      event_action: 'trigger',
      dedup_key: summary,
      payload: { summary, source: 'browser-test', severity: 'critical' },
    }),
  });
  expect(event.status).toBe(202);
  // The webhook -> signal -> refetch path; no reload happens in this test.
  await expect(pd.getByText(summary)).toBeVisible({ timeout: 15_000 });

  const list = await fetch(
    `${SIMULATOR}/incidents?incident_key=${encodeURIComponent(summary)}`,
    { headers: SIM_AUTH },
  ).then(r => r.json());
  const incidentId: string = list.incidents[0].id;

  // Acknowledged in PagerDuty through its API.
  const ack = await fetch(
    `${SIMULATOR}/_simulator/incidents/${incidentId}/acknowledge`,
    {
      method: 'POST',
    },
  );
  expect(ack.ok).toBe(true);
  const row = pd
    .locator('li, .MuiListItem-root')
    .filter({ hasText: summary })
    .first();
  await expect(row.getByText('Acknowledged', { exact: true })).toBeVisible({
    timeout: 15_000,
  });
  await shot(page, 'live-acknowledged');

  // Resolved in PagerDuty: it leaves the list of open incidents.
  await fetch(`${SIMULATOR}/_simulator/incidents/${incidentId}/resolve`, {
    method: 'POST',
  });
  await expect(pd.getByText(summary)).toHaveCount(0, { timeout: 15_000 });
});
