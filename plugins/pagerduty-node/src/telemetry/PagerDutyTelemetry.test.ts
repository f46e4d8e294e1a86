import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { DefaultPagerDutyClientService } from '../service/PagerDutyClientService';
import { MemoryCache } from '../__testUtils__/MemoryCache';
import { sample, startPrometheus } from '../__testUtils__/prometheus';

describe('PagerDuty telemetry, read from a Prometheus endpoint', () => {
  let sim: PagerDutySimulator;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;

  beforeAll(async () => {
    // 20 REST requests a minute: a burst of 30 gets 429s from "PagerDuty".
    sim = await startPagerDutySimulator({
      port: 0,
      rateLimits: { restPerMinute: 20 },
    });
    prometheus = await startPrometheus();
  });
  afterAll(async () => {
    await sim.stop();
    await prometheus.stop();
  });

  it('counts requests by route and status, 429s, budget use and cache hits after a burst', async () => {
    const pd = DefaultPagerDutyClientService.fromConfig(
      new ConfigReader({
        pagerDuty: {
          apiToken: 'pdsim_demo_token_0123456789',
          apiBaseUrl: sim.url,
          eventsBaseUrl: sim.url,
          client: { maxRetries: 0, requestsPerMinute: 6000, maxQueueWaitMs: 0 },
          cache: { negativeTtlSeconds: 0 },
        },
      }),
      {
        logger: mockServices.logger.mock(),
        cache: new MemoryCache() as any,
        metrics: prometheus.metrics,
      },
    );
    const client = pd.forAccount();
    // The budget (6,000/min) does not bind here: the 429s come from PagerDuty (20/min).
    // 10 reads of one service (one goes upstream), then the burst: 30 distinct incident reads.
    for (let i = 0; i < 10; i++)
      await client.getService(SEED.services.payments);
    const ids = [...sim.state.incidents.keys()].slice(0, 30);
    const results = await Promise.allSettled(
      ids.map(id => client.getIncident(id)),
    );
    const refused = results.filter(r => r.status === 'rejected').length;

    const text = await prometheus.scrape();
    const route = 'GET /incidents/{id}';
    const ok = sample(text, 'pagerduty_client_requests_total', {
      route,
      status: '200',
    });
    const limited = sample(text, 'pagerduty_client_requests_total', {
      route,
      status: '429',
    });
    expect(refused).toBeGreaterThan(0);
    expect(limited).toBe(refused);
    expect(ok).toBe(30 - refused);
    expect(sim.stats().rateLimited).toBe(refused);
    expect(
      sample(text, 'pagerduty_client_rate_limited_total', {
        source: 'pagerduty',
      }),
    ).toBe(refused);
    // One service read went upstream (a miss), nine were served from the cache.
    expect(
      sample(text, 'pagerduty_cache_lookups_total', {
        resource: 'service',
        result: 'hit',
      }),
    ).toBe(9);
    expect(
      sample(text, 'pagerduty_cache_lookups_total', {
        resource: 'service',
        result: 'miss',
      }),
    ).toBe(1);
    // Every request sent in the burst counts against the per-token budget of the account.
    expect(
      sample(text, 'pagerduty_client_budget_used', { accounts: 'default' }),
    ).toBe(31);
    expect(
      sample(text, 'pagerduty_client_budget_limit', { accounts: 'default' }),
    ).toBe(6000);
    expect(
      sample(text, 'pagerduty_client_request_duration_count', {
        route,
      }),
    ).toBe(30);
  });

  it('observes the outbox a backend registers', async () => {
    const pd = DefaultPagerDutyClientService.fromConfig(
      new ConfigReader({
        pagerDuty: { apiToken: 'x', apiBaseUrl: sim.url },
      }),
      {
        logger: mockServices.logger.mock(),
        cache: new MemoryCache() as any,
        metrics: prometheus.metrics,
      },
    );
    const stop = pd
      .telemetry()
      .observeOutbox(async () => ({ depth: 3, oldestAgeSeconds: 42 }));
    const text = await prometheus.scrape();
    expect(sample(text, 'pagerduty_outbox_depth')).toBe(3);
    expect(sample(text, 'pagerduty_outbox_oldest_age')).toBe(42);
    stop();
  });
});
