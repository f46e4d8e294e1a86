import {
  DEMO_TOKEN,
  PagerDutySimulator,
  SEED,
} from '@backstage-pagerduty/pagerduty-simulator';
import { mockCredentials } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import {
  CATALOG,
  simAccount,
  startBackend,
  stopBackends,
  USER,
  useSimulator,
} from './__testUtils__/backend';

describe('pagerduty backend against the simulator', () => {
  let sim: PagerDutySimulator;
  let sim2: PagerDutySimulator;
  let server: any;

  useSimulator(s => (sim = s));
  useSimulator(s => (sim2 = s), { seed: 2 });

  async function start(pagerDuty: JsonObject | undefined) {
    return (await startBackend({ pagerDuty, entities: CATALOG })).server;
  }
  afterEach(stopBackends);

  const configured = () => ({
    accounts: [
      simAccount(sim, { id: 'main', isDefault: true }),
      simAccount(sim2, { id: 'second', region: 'eu' }),
    ],
    client: { maxRetries: 2, timeoutMs: 2000 },
  });

  beforeEach(async () => {
    server = await start(configured());
  });

  const get = (path: string) =>
    request(server).get(`/api/pagerduty${path}`).set('Authorization', USER);

  /** Ground truth: ask the simulator directly (not counted against the plugin, see delta()). */
  async function simGet(s: PagerDutySimulator, path: string) {
    const res = await fetch(`${s.url}${path}`, {
      headers: { Authorization: `Token token=${DEMO_TOKEN}` },
    });
    return res.json();
  }

  it('registers its two entity permissions, not the mapping permission of the catalog module', async () => {
    const res = await request(server)
      .get('/api/pagerduty/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(
      res.body.permissions.map((p: { name: string }) => p.name).sort(),
    ).toEqual(['pagerduty.incident.manage', 'pagerduty.incident.trigger']);
  });

  it('answers 401 without Backstage credentials', async () => {
    const res = await request(server).get(
      '/api/pagerduty/entities/component/default/checkout/incidents',
    );
    expect(res.status).toBe(401);
  });

  it('lists the open incidents of a service-id entity, as PagerDuty has them', async () => {
    const truth = await simGet(
      sim,
      `/incidents?service_ids[]=${SEED.services.checkout}&statuses[]=triggered&statuses[]=acknowledged&limit=100`,
    );
    const res = await get('/entities/component/default/checkout/incidents');
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.freshness.stale).toBe(false);
    expect(res.body.incidents.map((i: any) => i.id).sort()).toEqual(
      truth.incidents.map((i: any) => i.id).sort(),
    );
    expect(res.body.incidents.length).toBeGreaterThanOrEqual(2);
    const statuses = new Set(res.body.incidents.map((i: any) => i.status));
    expect(statuses).toEqual(new Set(['triggered', 'acknowledged']));
    const withAssignee = res.body.incidents.find(
      (i: any) => i.assignees.length > 0,
    );
    expect(withAssignee.assignees[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        name: expect.any(String),
        email: expect.stringContaining('@'),
      }),
    );
  });

  it('resolves an integration key to its service on the server', async () => {
    const res = await get('/entities/component/default/by-key/services');
    expect(res.status).toBe(200);
    expect(res.body.services).toHaveLength(1);
    expect(res.body.services[0]).toMatchObject({
      id: SEED.services.checkout,
      account: 'main',
      status: 'critical',
    });
    expect(JSON.stringify(res.body)).not.toContain(
      SEED.integrationKeys.checkout,
    );
  });

  it('combines several services of one entity', async () => {
    const res = await get('/entities/component/default/multi/services');
    expect(res.status).toBe(200);
    expect(res.body.services.map((s: any) => s.id).sort()).toEqual(
      [SEED.services.payments, SEED.services.search].sort(),
    );
  });

  it('uses the account named by pagerduty.com/account', async () => {
    const before = sim2.stats().total;
    const res = await get(
      '/entities/component/default/second-account/services',
    );
    expect(res.status).toBe(200);
    expect(res.body.services[0].account).toBe('second');
    expect(sim2.stats().total).toBe(before + 1);
  });

  it('lists on-call per level, in order, each person once per level', async () => {
    const res = await get('/entities/component/default/checkout/oncall');
    expect(res.status).toBe(200);
    const [policy] = res.body.policies;
    expect(policy.escalationPolicy.id).toBe(SEED.escalationPolicies.checkout);
    const levels = policy.levels.map((l: any) => l.level);
    expect(levels).toEqual([...levels].sort((a: number, b: number) => a - b));
    expect(levels[0]).toBe(1);
    for (const level of policy.levels) {
      const ids = level.oncalls.map((o: any) => o.user.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(level.oncalls.length).toBeGreaterThan(0);
    }
  });

  it('isolates a 403 on change events to that section', async () => {
    const changes = await get(
      '/entities/component/default/no-change-events/change-events',
    );
    expect(changes.status).toBe(403);
    expect(changes.body.error.code).toBe('PAGERDUTY_FORBIDDEN');
    const incidents = await get(
      '/entities/component/default/no-change-events/incidents',
    );
    expect(incidents.status).toBe(200);
    const ok = await get('/entities/component/default/checkout/change-events');
    expect(ok.status).toBe(200);
    expect(ok.body.changeEvents.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'malformed',
      400,
      'PAGERDUTY_INVALID_ANNOTATION',
      'pagerduty.com/service-id',
    ],
    ['plain', 400, 'PAGERDUTY_NO_ANNOTATION', 'pagerduty.com/service-id'],
    ['unknown-account', 400, 'PAGERDUTY_UNKNOWN_ACCOUNT', '"nope"'],
    ['missing-service', 404, 'PAGERDUTY_SERVICE_NOT_FOUND', 'PNOSUCH'],
  ])('answers %s with %i %s', async (name, status, code, mentions) => {
    const res = await get(`/entities/component/default/${name}/incidents`);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toContain(mentions);
  });

  it('answers 404 for an entity missing from the catalog', async () => {
    const res = await get('/entities/component/default/nobody/incidents');
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
  });

  it('shows the services that work when one of an entity’s services is missing', async () => {
    const res = await get('/entities/component/default/half-missing/incidents');
    expect(res.status).toBe(200);
    expect(res.body.incidents.length).toBeGreaterThan(0);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        serviceId: 'PNOSUCH',
        code: 'PAGERDUTY_SERVICE_NOT_FOUND',
      }),
    ]);
  });

  it('says when the plugin is not configured, and still starts', async () => {
    const bare = await start(undefined);
    const res = await request(bare)
      .get('/api/pagerduty/entities/component/default/checkout/incidents')
      .set('Authorization', USER);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('PAGERDUTY_NOT_CONFIGURED');
    const health = await request(bare)
      .get('/api/pagerduty/health')
      .set('Authorization', USER);
    expect(health.body).toEqual({ status: 'not-configured', accounts: [] });
  });

  it('reports the cache, the budget store and whether live updates cross replicas', async () => {
    const withAccount = await start({
      apiToken: DEMO_TOKEN,
      apiBaseUrl: sim.url,
      eventsBaseUrl: sim.url,
    });
    const health = await request(withAccount)
      .get('/api/pagerduty/health')
      .set('Authorization', USER);
    expect(health.body.infrastructure).toEqual({
      cache: { status: 'ok' },
      budget: { store: 'memory', status: 'ok' },
      // The test backend has no events backend: signals stay in this process.
      liveUpdates: {
        acrossReplicas: false,
        eventsBackend: false,
        message: expect.stringContaining(
          '@backstage/plugin-events-backend) is not installed',
        ),
      },
    });
    // Per account: how long the check took, its webhooks (none set up here) and its budget.
    expect(health.body.accounts).toEqual([
      expect.objectContaining({
        id: 'default',
        status: 'ok',
        latencyMs: expect.any(Number),
        webhooks: { configured: false },
        budget: {
          usedInLastMinute: expect.any(Number),
          limitPerMinute: expect.any(Number),
        },
      }),
    ]);
    expect(health.body.accounts[0].budget.usedInLastMinute).toBeGreaterThan(0);
    // The card is told too, so that it polls instead of waiting for signals.
    const card = await request(withAccount)
      .get('/api/pagerduty/entities/component/default/checkout/card')
      .set('Authorization', USER);
    expect(card.status).toBe(200);
    expect(card.body.liveUpdates).toEqual({ acrossReplicas: false });
  });

  it('says when the token is rejected, without leaking it', async () => {
    const secret = 'wrong_token_abcdefghij';
    const bad = await start({
      apiToken: secret,
      apiBaseUrl: sim.url,
      eventsBaseUrl: sim.url,
    });
    const res = await request(bad)
      .get('/api/pagerduty/entities/component/default/checkout/services')
      .set('Authorization', USER);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('PAGERDUTY_TOKEN_REJECTED');
    expect(JSON.stringify(res.body)).not.toContain(secret);
    const health = await request(bad)
      .get('/api/pagerduty/health')
      .set('Authorization', USER);
    expect(health.body.accounts[0]).toMatchObject({
      id: 'default',
      status: 'token-rejected',
    });
    expect(JSON.stringify(health.body)).not.toContain(secret);
  });

  describe('upstream request discipline', () => {
    const view = (name: string) =>
      Promise.all(
        ['services', 'incidents', 'oncall', 'change-events'].map(section =>
          get(`/entities/component/default/${name}/${section}`),
        ),
      );

    it('costs one request per resource cold, none warm, and the same for 50 concurrent views', async () => {
      const start0 = sim.stats().total;
      const cold = await view('checkout');
      expect(cold.map(r => r.status)).toEqual([200, 200, 200, 200]);
      const coldCost = sim.stats().total - start0;
      // service, incidents, on-call, change events; the escalation policy (for the delays)
      // and the contact methods of each first responder.
      const responders = cold[2].body.policies[0].levels[0].oncalls.length;
      const resources = 4 + 1 + responders;
      expect(coldCost).toBe(resources);
      expect(sim.stats().byRoute['GET /users/{id}/contact_methods']).toBe(
        responders,
      );

      await view('checkout');
      expect(sim.stats().total - start0).toBe(resources);

      sim.reset();
      server = await start(configured());
      const start1 = sim.stats().total;
      const many = await Promise.all(
        Array.from({ length: 50 }, () => view('checkout')),
      );
      expect(many.flat().every(r => r.status === 200)).toBe(true);
      expect(sim.stats().total - start1).toBe(resources);
    });

    it('serves stale data, marked, during a 5xx burst', async () => {
      const fresh = await get('/entities/component/default/checkout/incidents');
      expect(fresh.body.freshness.stale).toBe(false);
      const stale = await start({
        ...configured(),
        cache: { incidentsTtlSeconds: 0 },
      });
      await request(stale)
        .get('/api/pagerduty/entities/component/default/checkout/incidents')
        .set('Authorization', USER);
      sim.setFaults({ rules: [{ route: '*', mode: 'error', status: 503 }] });
      const res = await request(stale)
        .get('/api/pagerduty/entities/component/default/checkout/incidents')
        .set('Authorization', USER);
      sim.clearFaults();
      expect(res.status).toBe(200);
      expect(res.body.freshness.stale).toBe(true);
      expect(res.body.incidents.length).toBeGreaterThan(0);
    });
  });
});
