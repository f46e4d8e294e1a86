import { mockServices } from '@backstage/backend-test-utils';
import {
  DEMO_TOKEN,
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { DefaultPagerDutyClientService } from '../service/PagerDutyClientService';
import { MemoryCache } from '../__testUtils__/MemoryCache';

describe('setIncidentsTtl', () => {
  let sim: PagerDutySimulator;
  beforeAll(async () => {
    sim = await startPagerDutySimulator({ port: 0, rateLimits: false });
  });
  afterAll(() => sim.stop());

  it('chooses the incidents TTL per read; undefined falls back to the configured one', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const service = DefaultPagerDutyClientService.fromConfig(
      mockServices.rootConfig({
        data: {
          pagerDuty: {
            apiToken: DEMO_TOKEN,
            apiBaseUrl: sim.url,
            eventsBaseUrl: sim.url,
            cache: { incidentsTtlSeconds: 30 },
          },
        },
      }),
      {
        logger: mockServices.logger.mock(),
        cache: new MemoryCache() as any,
        now: () => now,
      },
    );
    const client = service.forAccount();
    const loads = () => sim.stats().byRoute['GET /incidents'] ?? 0;
    const read = () => client.listOpenIncidents(SEED.services.checkout);

    await read();
    expect(loads()).toBe(1);
    now += 31_000;
    await read(); // past the configured 30 s
    expect(loads()).toBe(2);

    let healthy = true;
    client.setIncidentsTtl(() => (healthy ? 300 : undefined));
    now += 31_000;
    await read(); // 31 s < 300 s: cached
    expect(loads()).toBe(2);
    healthy = false;
    await read(); // back to 30 s
    expect(loads()).toBe(3);
  });
});
