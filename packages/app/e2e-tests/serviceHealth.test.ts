import { expect, test } from '@playwright/test';
import { SIMULATOR, SIM_TOKEN as TOKEN, openEntity, shot } from './demo';

/*
 * Service health over time on the demo: checkout-api's 30-day MTTA and MTTR against an
 * independent computation from the simulator's own incidents and log entries, SLA timers on
 * open incidents, the standards score, the small card, and the computed fallback of the
 * account without analytics.
 */

const HOUR = 3_600_000;

/** The card's duration format ("7 min", "1 h 12 min"). */
function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${days} d ${restHours} h` : `${days} d`;
}

async function simGet(path: string) {
  const res = await fetch(`${SIMULATOR}${path}`, {
    headers: { Authorization: `Token token=${TOKEN}` },
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** MTTA/MTTR of a service over the card's period, from the incidents and their log entries. */
async function independentFigures(serviceId: string) {
  const until = Math.floor(Date.now() / HOUR) * HOUR;
  const since = until - 30 * 24 * HOUR;
  const list = await simGet(
    `/incidents?service_ids[]=${serviceId}&since=${new Date(
      since,
    ).toISOString()}&until=${new Date(until).toISOString()}&limit=100`,
  );
  const ack: number[] = [];
  const resolve: number[] = [];
  for (const incident of list.incidents) {
    const created = Date.parse(incident.created_at);
    const { log_entries } = await simGet(
      `/incidents/${incident.id}/log_entries?limit=100`,
    );
    const first = (type: string) =>
      log_entries
        .filter((e: any) => e.type === type)
        .map((e: any) => Date.parse(e.created_at))
        .sort((a: number, b: number) => a - b)[0];
    if (first('acknowledge_log_entry'))
      ack.push((first('acknowledge_log_entry') - created) / 1000);
    if (first('resolve_log_entry'))
      resolve.push((first('resolve_log_entry') - created) / 1000);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    count: list.incidents.length,
    mtta: formatDuration(Math.round(mean(ack))),
    mttr: formatDuration(Math.round(mean(resolve))),
  };
}

test('checkout-api shows 30-day MTTA and MTTR matching the simulator, SLA timers and the standards score', async ({
  page,
}) => {
  await openEntity(page, 'checkout-api');
  const insights = page.getByTestId('pagerduty-insights');
  await expect(insights).toBeVisible();
  const expected = await independentFigures('PCHKOUT');
  await expect(insights).toContainText(`Incidents (30 d)${expected.count}`);
  await expect(insights).toContainText(`MTTA${expected.mtta}`);
  await expect(insights).toContainText(`MTTR${expected.mttr}`);
  await expect(insights).toContainText('Standards6/7');
  await expect(insights).toContainText(
    'Failing standards: Service uses dynamic urgency',
  );
  await expect(
    // 30 days cover 31 calendar days, or 30 when the window starts at midnight (just after).
    page.getByRole('img', { name: /Incidents per day over 3[01] days/ }),
  ).toBeVisible();
  // The triggered P1 incident (5 min to acknowledge) is overdue; its policy escalates next.
  const timers = page.getByTestId('pagerduty-sla-timer');
  await expect(timers.first()).toBeVisible();
  await expect(page.getByText(/Ack overdue by \d+/).first()).toBeVisible();
  await expect(
    page.getByText(/Resolve (due in|overdue by) /).first(),
  ).toBeVisible();
  await shot(page, 'checkout-insights');
  await insights.screenshot({
    path: test.info().outputPath('checkout-insights-strip.png'),
  });

  const small = page.getByTestId('pagerduty-small-card');
  await expect(small).toBeVisible();
  await expect(small).toContainText('Checkout API');
  await expect(small).toContainText(/\d+open incidents?/);
  await expect(small).toContainText('On call now');
  await small.screenshot({
    path: test.info().outputPath('small-card.png'),
  });
});

test('an account without analytics still shows insights, computed, and says so', async ({
  page,
}) => {
  await openEntity(page, 'eu-checkout');
  const insights = page.getByTestId('pagerduty-insights');
  await expect(insights).toContainText(
    'Computed from the incident history: this PagerDuty account has no analytics.',
  );
  await expect(insights).toContainText(/MTTA\d/);
  await shot(page, 'eu-checkout-computed-insights');
});
