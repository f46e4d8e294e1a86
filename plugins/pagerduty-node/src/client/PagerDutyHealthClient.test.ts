import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { computeInsights } from '@backstage-pagerduty/plugin-pagerduty-common';
import { DefaultPagerDutyClientService } from '../service/PagerDutyClientService';
import { MemoryCache } from '../__testUtils__/MemoryCache';
import { isAnalyticsUnavailable } from './PagerDutyHealthClient';

const NOW = Date.parse('2025-03-10T12:30:00Z');

describe('PagerDutyHealthClient against the simulator', () => {
  let sim: PagerDutySimulator;

  beforeAll(async () => {
    sim = await startPagerDutySimulator({
      port: 0,
      rateLimits: false,
      now: () => new Date(NOW),
    });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  const client = () =>
    DefaultPagerDutyClientService.fromConfig(
      new ConfigReader({
        pagerDuty: {
          apiToken: 'pdsim_demo_token_0123456789',
          apiBaseUrl: sim.url,
          client: { maxRetries: 0 },
        },
      }),
      {
        logger: mockServices.logger.mock(),
        cache: new MemoryCache() as any,
        now: () => NOW,
      },
    ).forAccount().health;

  it('reads a period of whole hours', () => {
    expect(client().period(30)).toEqual({
      since: '2025-02-08T12:00:00.000Z',
      until: '2025-03-10T12:00:00.000Z',
    });
  });

  it('gives the same MTTA and MTTR from analytics and from the incident history', async () => {
    const health = client();
    const period = health.period(30);
    const services = [SEED.services.checkout];
    const analytics = await health.analyticsIncidents(services, period);
    const history = await health.historyIncidents(services, period);
    expect(history.value.truncated).toBe(false);
    const fromAnalytics = computeInsights(analytics.value, {
      source: 'analytics',
      ...period,
    });
    const fromHistory = computeInsights(history.value.incidents, {
      source: 'incidents',
      ...period,
    });
    expect(fromAnalytics.incidentCount).toBeGreaterThan(8);
    const { source: _a, ...a } = fromAnalytics;
    const { source: _b, ...b } = fromHistory;
    expect(b).toEqual(a);
    // And both match PagerDuty's own aggregate for the service.
    const metrics = await fetch(
      `${sim.url}/analytics/metrics/incidents/services`,
      {
        method: 'POST',
        headers: {
          authorization: 'Token token=pdsim_demo_token_0123456789',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          filters: {
            created_at_start: period.since,
            created_at_end: period.until,
            service_ids: services,
          },
        }),
      },
    ).then(r => r.json());
    expect(metrics.data[0]).toMatchObject({
      total_incident_count: a.incidentCount,
      mean_seconds_to_first_ack: a.mttaSeconds,
      mean_seconds_to_resolve: a.mttrSeconds,
      total_interruptions: a.interruptions,
    });
  });

  it('fails as "analytics unavailable" for an account without analytics (402) or with a 403', async () => {
    sim.state.abilities = sim.state.abilities.filter(x => x !== 'analytics');
    const health = client();
    const error = await health
      .analyticsIncidents([SEED.services.checkout], health.period(30))
      .catch(e => e);
    expect(isAnalyticsUnavailable(error)).toBe(true);
    sim.reset();
    sim.setFaults({
      rules: [{ route: 'POST /analytics/raw/incidents', mode: 'forbidden' }],
    });
    const forbidden = await client()
      .analyticsIncidents([SEED.services.payments], health.period(30))
      .catch(e => e);
    expect(isAnalyticsUnavailable(forbidden)).toBe(true);
  });

  it('reads the standards score with the failing standards described, and the escalation delays', async () => {
    const health = client();
    const score = await health.standardsScore(SEED.services.checkout);
    expect(score.value).toMatchObject({
      serviceId: SEED.services.checkout,
      passing: 6,
      total: 7,
      failing: [
        {
          name: 'Service uses dynamic urgency',
          description: expect.stringContaining('severity'),
        },
      ],
    });
  });
});
