/*
 * The plugin's metrics as Prometheus scrapes them, after a burst of reads and triggers against a
 * rate-limited simulator: PagerDuty requests by route and status, 429s, the outbox, deliveries.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  PagerDutySimulator,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import request from 'supertest';
import {
  ALICE,
  CATALOG,
  USER,
  simAccount,
  startBackend,
  stopBackends,
  waitFor,
} from './__testUtils__/backend';
import { sample, startPrometheus } from './__testUtils__/prometheus';

jest.setTimeout(60_000);

describe('metrics endpoint after a burst', () => {
  let sim: PagerDutySimulator;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;

  beforeAll(async () => {
    // 20 REST requests a minute and 5 events a minute per routing key.
    sim = await startPagerDutySimulator({
      port: 0,
      rateLimits: { restPerMinute: 20, eventsPerMinutePerRoutingKey: 5 },
    });
    prometheus = await startPrometheus();
  });
  afterAll(async () => {
    await stopBackends();
    await sim.stop();
    await prometheus.stop();
  });

  it('reports requests, 429s, the outbox depth and age, and delivery latency', async () => {
    const handle = await startBackend({
      entities: CATALOG,
      pagerDuty: simAccount(sim, {
        client: { maxRetries: 0, maxQueueWaitMs: 0, requestsPerMinute: 6000 },
        cache: { incidentsTtlSeconds: 0 },
        triggers: { eventsPerRoutingKey: 3, pollIntervalMs: 100 },
      }),
      extraFeatures: [
        createServiceFactory({
          service: metricsServiceRef,
          deps: {},
          factory: () => prometheus.metrics,
        }),
      ],
    });
    const server = handle.backend.server;
    // Triggers: 8 on one service; the worker sends 3 a minute per routing key, so 5 wait.
    for (let i = 0; i < 8; i++) {
      const res = await handle.post(
        '/entities/component/default/checkout/incidents',
        { summary: `burst ${i}`, severity: 'error' },
        ALICE,
      );
      expect(res.status).toBe(202);
    }
    await waitFor(async () => {
      const text = await prometheus.scrape();
      return (
        (sample(text, 'pagerduty_outbox_delivery_duration_count', {
          outcome: 'delivered',
        }) ?? 0) >= 3
      );
    });
    // Reads: 30 views of three entities' incidents, one after the other (no request shared);
    // past 20 REST requests a minute PagerDuty answers 429.
    const answers = [];
    for (let i = 0; i < 30; i++) {
      const name = ['checkout', 'payments', 'multi'][i % 3];
      answers.push(
        await request(server)
          .get(`/api/pagerduty/entities/component/default/${name}/incidents`)
          .set('Authorization', USER),
      );
    }
    // Past the limit a view is served stale (200), or answered with an error.
    expect(
      answers.some(
        r => r.status !== 200 || r.body.freshness.stale || r.body.errors.length,
      ),
    ).toBeTruthy();
    const text = await prometheus.scrape();
    const requests = (status: string) =>
      sample(text, 'pagerduty_client_requests_total', { status }) ?? 0;
    const ok = requests('200');
    const limited = requests('429');
    const accepted = requests('202');
    // eslint-disable-next-line no-console
    console.log(
      [
        `requests 200=${ok} 429=${limited} 202=${accepted}`,
        `rate_limited(pagerduty)=${sample(
          text,
          'pagerduty_client_rate_limited_total',
          { source: 'pagerduty' },
        )}`,
        `outbox depth=${sample(
          text,
          'pagerduty_outbox_depth',
        )} oldest_age=${sample(text, 'pagerduty_outbox_oldest_age')}`,
        `deliveries=${sample(text, 'pagerduty_outbox_delivery_duration_count', {
          outcome: 'delivered',
        })}`,
        `simulator 429s=${sim.stats().rateLimited}`,
      ].join('; '),
    );
    expect(ok).toBeGreaterThan(0);
    expect(limited).toBeGreaterThan(0);
    expect(
      sample(text, 'pagerduty_client_rate_limited_total', {
        source: 'pagerduty',
      }),
    ).toBe(limited);
    // Every 429 the simulator sent was counted (REST reads and Events API sends).
    expect(limited).toBe(sim.stats().rateLimited);
    expect(accepted).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'pagerduty_outbox_depth')).toBe(5);
    const age = sample(text, 'pagerduty_outbox_oldest_age')!;
    expect(age).toBeGreaterThan(0);
    expect(age).toBeLessThan(60);
  });
});
