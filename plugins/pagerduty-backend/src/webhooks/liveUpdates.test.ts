import { mockCredentials } from '@backstage/backend-test-utils';
import { SEED } from '@backstage-pagerduty/pagerduty-simulator';
import request from 'supertest';
import { measureLatency, startLiveBackend } from '../__testUtils__/liveBackend';

jest.setTimeout(60_000);

const USER = mockCredentials.user.header();
const SERVICE = mockCredentials.service.header();
const INCIDENTS =
  '/api/pagerduty/entities/component/default/checkout/incidents';

describe('live updates: simulator → webhook → backend → signal', () => {
  let live: Awaited<ReturnType<typeof startLiveBackend>>;

  beforeAll(async () => {
    live = await startLiveBackend();
  });
  afterAll(async () => {
    await live?.stop();
  });
  beforeEach(async () => {
    await live.sim.waitForWebhooks();
    live.sim.reset();
    live.subscribe();
    live.signals.length = 0;
  });

  it('publishes a signal for an incident acknowledged in PagerDuty, and the next read shows it', async () => {
    const incidentId = SEED.incidents.checkoutTriggered;
    // Warm the cache: without invalidation the next read would show "triggered".
    const before = await request(live.server)
      .get(INCIDENTS)
      .set('Authorization', USER);
    expect(
      before.body.incidents.find((i: any) => i.id === incidentId).status,
    ).toBe('triggered');

    const ack = await fetch(
      `${live.sim.url}/_simulator/incidents/${incidentId}/acknowledge`,
      { method: 'POST' },
    );
    expect(ack.status).toBeLessThan(300);
    await live.waitForSignals(1);
    expect(live.signals[0]).toMatchObject({
      channel: `pagerduty:default:${SEED.services.checkout}`,
      message: {
        account: 'default',
        serviceId: SEED.services.checkout,
        eventType: 'incident.acknowledged',
        incidentId,
        sections: ['incidents', 'services'],
      },
    });

    const after = await request(live.server)
      .get(INCIDENTS)
      .set('Authorization', USER);
    expect(
      after.body.incidents.find((i: any) => i.id === incidentId).status,
    ).toBe('acknowledged');
    expect(live.sim.stats().webhookFailures).toBe(0);
  });

  it('delivers 100 incident changes as 100 signals, each well under a second', async () => {
    const result = await measureLatency(live, 100);
    expect(result.latencies).toHaveLength(100);
    expect(live.signals).toHaveLength(100);
    // Loose: the goal is p99 < 1 s; a loaded CI machine gets some slack.
    expect(result.p99).toBeLessThan(3000);
    // eslint-disable-next-line no-console
    console.log(
      `webhook → signal latency over 100 events: p50 ${result.p50.toFixed(
        1,
      )} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
    );
  });

  it('reports on /health when the last webhook of the account arrived', async () => {
    const health = () =>
      request(live.server)
        .get('/api/pagerduty/health')
        .set('Authorization', USER)
        .then(res => res.body.accounts[0]);
    const before = Date.now();
    await fetch(
      `${live.sim.url}/_simulator/incidents/${SEED.incidents.checkoutTriggered}/acknowledge`,
      { method: 'POST' },
    );
    await live.waitForSignals(1);
    const account = await health();
    expect(account.webhooks.configured).toBe(true);
    expect(Date.parse(account.webhooks.lastReceivedAt)).toBeGreaterThanOrEqual(
      before - 1000,
    );
  });

  it('lets PagerDuty in without a Backstage token, and only there', async () => {
    const anonymous = await request(live.server)
      .post('/api/pagerduty/webhooks')
      .set('Content-Type', 'application/json')
      .send('{"event":{"event_type":"incident.triggered"}}');
    // Past Backstage's auth: the signature check answers.
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toMatch(/X-PagerDuty-Signature/);
    const health = await request(live.server).get('/api/pagerduty/health');
    expect(health.status).toBe(401);
    expect(health.body.error.message).not.toMatch(/X-PagerDuty-Signature/);
  });

  it('creates webhook subscriptions for service principals only, and shows the secret once', async () => {
    const body = {
      url: live.webhookUrl,
      serviceIds: [SEED.services.checkout, SEED.services.search],
    };
    const post = () =>
      request(live.server).post('/api/pagerduty/webhook-subscriptions');
    expect((await post().send(body)).status).toBe(401);
    expect((await post().set('Authorization', USER).send(body)).status).toBe(
      403,
    );
    const res = await post().set('Authorization', SERVICE).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      account: 'default',
      subscriptions: [
        {
          filter: { type: 'service_reference', id: SEED.services.checkout },
          secret: expect.any(String),
        },
        {
          filter: { type: 'service_reference', id: SEED.services.search },
          secret: expect.any(String),
        },
      ],
      note: expect.stringMatching(/pagerDuty.webhooks.secrets/),
    });
    const created = live.sim.state.webhookSubscriptions.get(
      res.body.subscriptions[0].id,
    )!;
    expect(created).toMatchObject({
      url: live.webhookUrl,
      secrets: [res.body.subscriptions[0].secret],
      filter: { type: 'service_reference', id: SEED.services.checkout },
    });
    expect(created.events).toContain('incident.acknowledged');

    const invalid = await post()
      .set('Authorization', SERVICE)
      .send({ url: 'not a url' });
    expect(invalid.status).toBe(400);
  });
});
