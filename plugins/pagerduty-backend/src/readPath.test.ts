/*
 * The read path end to end, against the simulator: the OpenAPI document checked against real
 * answers, on-call across a schedule gap and a shift hand-off on a shared fixed clock, the
 * request budget under 429 storms and 5xx bursts, negative caching, OAuth, the EU region, and
 * a scan of every answer and log line for secrets.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Entity } from '@backstage/catalog-model';
import {
  DEMO_TOKEN,
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import express from 'express';
import request from 'supertest';
import { expectDocumented, spec, validated } from './__testUtils__/openapi';
import {
  ALICE,
  CATALOG,
  component,
  LogRecorder,
  simAccount,
  startBackend as startTestBackend,
  stopBackends,
  TestBackendOptions,
  USER,
  useSimulator,
} from './__testUtils__/backend';
import { createRouter } from './router/createRouter';

jest.setTimeout(60_000);

const SECTIONS = ['services', 'incidents', 'oncall', 'change-events'] as const;

// ------------------------------------------------------------------ backend harness

afterEach(stopBackends);

/** A backend of the shared harness, on the base entities unless told otherwise. */
async function startBackend(options: TestBackendOptions) {
  const backend = await startTestBackend({
    entities: CATALOG,
    ...options,
  });
  return backend.server;
}

/** A request to the plugin whose answer is checked against openapi.yaml. */
async function call(
  server: any,
  method: 'GET' | 'POST',
  urlPath: string,
  options: { auth?: string | null; body?: unknown } = {},
) {
  const url = `/api/pagerduty${urlPath}`;
  let req =
    method === 'GET' ? request(server).get(url) : request(server).post(url);
  const auth = options.auth === undefined ? USER : options.auth;
  if (auth) req = req.set('Authorization', auth);
  const started = Date.now();
  const res =
    options.body !== undefined
      ? await req.send(options.body as object)
      : await req;
  const ms = Date.now() - started;
  expectDocumented(method, urlPath, res.status, res.body);
  return Object.assign(res, { ms });
}

const view = (server: any, name: string) =>
  Promise.all(
    SECTIONS.map(section =>
      call(server, 'GET', `/entities/component/default/${name}/${section}`),
    ),
  );

/**
 * The four section routes of a card view, then the combined `/card` read of the same entity,
 * which must answer each section as its route did (or, when the entity itself fails, answer
 * the whole request as every route did).
 */
async function viewBothWays(server: any, name: string) {
  const entity = `/entities/component/default/${name}`;
  const answers = await view(server, name);
  const card = await call(server, 'GET', `${entity}/card`);
  const summary = (r: { status: number; body: any }) => ({
    status: r.status,
    code: r.body?.error?.code,
    message: r.body?.error?.message,
    data: r.status === 200 ? { ...r.body, freshness: undefined } : undefined,
  });
  if (card.status === 200) {
    expect(
      SECTIONS.map(section => summary(card.body.sections[section])),
    ).toEqual(answers.map(summary));
  } else {
    expect(answers.map(summary)).toEqual(Array(4).fill(summary(card)));
  }
  return answers;
}

/** `status code` of each answer: 200s as `200`, errors with their PagerDuty error code. */
const outcomes = (answers: Array<{ status: number; body: any }>) =>
  new Set(
    answers.map(r =>
      r.status === 200 ? '200' : `${r.status} ${r.body?.error?.code}`,
    ),
  );

const apiAccount = simAccount;

// ====================================================================== tests

describe('read path against the simulator', () => {
  let sim: PagerDutySimulator;
  useSimulator(s => (sim = s));

  describe('OpenAPI document', () => {
    it('documents every route the read and write routers register', async () => {
      const stub = {} as any;
      const router = createRouter({
        ...stub,
        receiver: { maxBodyBytes: 1024 },
      });
      // The routes of the sub-routers mounted on the plugin's router.
      const registered = (router as express.Router).stack
        .flatMap((layer: any) => layer.handle?.stack ?? [])
        .filter((layer: any) => layer.route)
        .flatMap((layer: any) =>
          Object.keys(layer.route.methods).map(
            m => `${m} ${String(layer.route.path).replace(/:(\w+)/g, '{$1}')}`,
          ),
        );
      expect(registered.length).toBeGreaterThanOrEqual(11);
      const documented = Object.entries(spec.paths).flatMap(
        ([p, ops]: [string, any]) => Object.keys(ops).map(m => `${m} ${p}`),
      );
      for (const route of registered) expect(documented).toContain(route);
    });

    it('matches the real answers of the read routes, success and errors', async () => {
      const server = await startBackend({
        pagerDuty: {
          accounts: [{ id: 'main', isDefault: true, ...apiAccount(sim) }],
          client: { maxRetries: 0, timeoutMs: 2000 },
        },
      });
      for (const name of [
        'checkout',
        'by-key',
        'multi',
        'gap',
        'no-change-events',
        'missing-service',
        'half-missing',
        'unknown-key',
        'malformed',
        'unknown-account',
        'plain',
        'nobody',
      ]) {
        await viewBothWays(server, name);
      }
      await call(server, 'GET', '/health');
      for (const section of [...SECTIONS, 'card']) {
        await call(
          server,
          'GET',
          `/entities/component/default/checkout/${section}`,
          { auth: null },
        );
      }
      await call(server, 'GET', '/health', { auth: null });

      sim.setFaults({ rules: [{ route: '*', mode: 'error', status: 503 }] });
      await viewBothWays(server, 'payments-cold-nonexistent');
      const cold = await startBackend({
        pagerDuty: {
          ...apiAccount(sim),
          client: { maxRetries: 0, timeoutMs: 2000 },
        },
      });
      const unavailable = await viewBothWays(cold, 'checkout');
      expect(unavailable.map(r => r.body.error?.code)).toEqual(
        Array(4).fill('PAGERDUTY_UNAVAILABLE'),
      );
      sim.clearFaults();

      const rejected = await startBackend({
        pagerDuty: apiAccount(sim, { apiToken: 'rejected_token_0123456789' }),
      });
      await viewBothWays(rejected, 'checkout');
      await call(rejected, 'GET', '/health');
      const bare = await startBackend({});
      await viewBothWays(bare, 'checkout');
      await call(bare, 'GET', '/health');

      for (const section of SECTIONS) {
        const route = `GET /entities/{kind}/{namespace}/{name}/${section}`;
        expect(validated).toContain(`${route} 200`);
        for (const status of [400, 401, 404, 502, 503]) {
          expect(validated).toContain(`${route} ${status}`);
        }
      }
      // The card's sections carried the 502s and 503s inside its 200s (checked above).
      for (const status of [200, 400, 401, 404, 503]) {
        expect(validated).toContain(
          `GET /entities/{kind}/{namespace}/{name}/card ${status}`,
        );
      }
      expect(validated).toContain(
        'GET /entities/{kind}/{namespace}/{name}/change-events 403',
      );
      expect(validated).toContain('GET /health 200');
      expect(validated).toContain('GET /health 401');
    });
    it('matches the real answers of the write routes and the webhook receiver', async () => {
      const server = await startBackend({
        pagerDuty: {
          accounts: [
            {
              id: 'main',
              isDefault: true,
              ...apiAccount(sim),
              webhooks: { secrets: ['openapi_test_webhook_secret'] },
            },
          ],
          client: { maxRetries: 0, timeoutMs: 2000 },
          triggers: { backoffInitialMs: 100, backoffMaxMs: 500 },
        },
      });
      const incidents = '/entities/component/default/checkout/incidents';
      const incident = `${incidents}/${SEED.incidents.checkoutTriggered}`;
      const post = (
        urlPath: string,
        body: unknown,
        auth: string | null = ALICE,
      ) => call(server, 'POST', urlPath, { auth, body });

      const accepted = await post(incidents, {
        summary: 'openapi',
        severity: 'info',
      });
      expect(accepted.status).toBe(202);
      expect(
        (await post(incidents, { summary: 'x', severity: 'loud' })).status,
      ).toBe(400);
      expect(
        (await post(incidents, { summary: 'x', severity: 'info' }, null))
          .status,
      ).toBe(401);
      let status = 'queued';
      for (let i = 0; i < 50 && status === 'queued'; i++) {
        const answer = await call(
          server,
          'GET',
          `/triggers/${accepted.body.id}`,
          {
            auth: ALICE,
          },
        );
        status = answer.body.status;
        if (status === 'queued') await new Promise(r => setTimeout(r, 100));
      }
      expect(status).toBe('delivered');
      const unknown = await call(server, 'GET', `/triggers/${randomUUID()}`, {
        auth: ALICE,
      });
      expect(unknown.status).toBe(404);

      expect((await post(`${incident}/acknowledge`, {})).status).toBe(200);
      expect(
        (await post(`${incident}/notes`, { content: 'from the test' })).status,
      ).toBe(200);
      expect((await post(`${incident}/notes`, {})).status).toBe(400);
      expect(
        (await post(`${incident}/reassign`, { userId: SEED.users.alice.id }))
          .status,
      ).toBe(200);
      expect(
        (await post(`${incidents}/${SEED.incidents.searchLow}/resolve`, {}))
          .status,
      ).toBe(404);
      expect((await post(`${incident}/resolve`, {})).status).toBe(200);
      expect((await post(`${incident}/resolve`, {})).status).toBe(409);

      // The receiver: unsigned is 401; signed is 202.
      expect((await post('/webhooks', { event: {} }, null)).status).toBe(401);
      const raw = JSON.stringify({
        event: {
          id: 'openapi-1',
          event_type: 'incident.acknowledged',
          resource_type: 'incident',
          occurred_at: new Date().toISOString(),
          data: {
            id: SEED.incidents.checkoutTriggered,
            service: { id: SEED.services.checkout },
          },
        },
      });
      const signature = createHmac('sha256', 'openapi_test_webhook_secret')
        .update(raw)
        .digest('hex');
      const received = await request(server)
        .post('/api/pagerduty/webhooks')
        .set('Content-Type', 'application/json')
        .set('X-PagerDuty-Signature', `v1=${signature}`)
        .set('X-Webhook-Id', 'openapi-1')
        .send(raw);
      expect(received.status).toBe(202);
      expectDocumented('POST', '/webhooks', received.status, received.body);
    });
  });

  describe('negative caching', () => {
    it('remembers a 403 on change events and a 404 service for a minute', async () => {
      let offset = 0;
      const server = await startBackend({
        pagerDuty: apiAccount(sim),
        now: () => Date.now() + offset,
      });
      const changeEvents = () =>
        sim.stats().byRoute['GET /services/{id}/change_events'] ?? 0;
      const services = () => sim.stats().byRoute['GET /services/{id}'] ?? 0;

      for (let i = 0; i < 5; i++) {
        const denied = await call(
          server,
          'GET',
          '/entities/component/default/no-change-events/change-events',
        );
        expect(denied.status).toBe(403);
        expect(denied.body.error.code).toBe('PAGERDUTY_FORBIDDEN');
        const missing = await call(
          server,
          'GET',
          '/entities/component/default/missing-service/services',
        );
        expect(missing.status).toBe(404);
        expect(missing.body.error.code).toBe('PAGERDUTY_SERVICE_NOT_FOUND');
      }
      // The service of no-change-events once, PNOSUCH once; change events once.
      expect(changeEvents()).toBe(1);
      expect(services()).toBe(2);

      offset = 61_000;
      await call(
        server,
        'GET',
        '/entities/component/default/no-change-events/change-events',
      );
      await call(
        server,
        'GET',
        '/entities/component/default/missing-service/services',
      );
      expect(changeEvents()).toBe(2);
      // PNOSUCH again, and the no-change-events service (its 300 s TTL has not run out).
      expect(services()).toBe(3);
    });
  });

  describe('EU region', () => {
    it('sends an EU account’s requests to api.eu.pagerduty.com when no URL is configured', async () => {
      const seen: string[] = [];
      const toSimulator: typeof fetch = (input, init) => {
        const url = new URL(String(input));
        seen.push(url.origin);
        return fetch(`${sim.url}${url.pathname}${url.search}`, init);
      };
      const server = await startBackend({
        pagerDuty: {
          accounts: [{ id: 'eu', region: 'eu', apiToken: DEMO_TOKEN }],
        },
        fetch: toSimulator,
      });
      const res = await view(server, 'checkout');
      expect(res.map(r => r.status)).toEqual([200, 200, 200, 200]);
      expect(res[0].body.services[0]).toMatchObject({
        account: 'eu',
        id: SEED.services.checkout,
      });
      const health = await call(server, 'GET', '/health');
      expect(health.body.accounts).toEqual([
        expect.objectContaining({ id: 'eu', region: 'eu', status: 'ok' }),
      ]);
      expect(seen.length).toBeGreaterThanOrEqual(5);
      expect(new Set(seen)).toEqual(new Set(['https://api.eu.pagerduty.com']));
    });
  });

  describe('OAuth through the routes', () => {
    it('fetches a token lazily, uses it for every section and renews it once after a 401', async () => {
      const oauthSim = await startPagerDutySimulator({
        port: 0,
        rateLimits: false,
        oauthClients: [{ clientId: 'bs', clientSecret: 'bs_secret_123' }],
      });
      try {
        const server = await startBackend({
          pagerDuty: {
            oauth: {
              clientId: 'bs',
              clientSecret: 'bs_secret_123',
              subDomain: 'acme',
              tokenUrl: `${oauthSim.url}/oauth/token`,
            },
            apiBaseUrl: oauthSim.url,
            eventsBaseUrl: oauthSim.url,
          },
        });
        expect(oauthSim.oauth.issuedCount()).toBe(0);
        const first = await view(server, 'checkout');
        expect(first.map(r => r.status)).toEqual([200, 200, 200, 200]);
        expect(oauthSim.oauth.issuedCount()).toBe(1);
        oauthSim.oauth.revokeAll();
        const other = await view(server, 'multi');
        expect(other.map(r => r.status)).toEqual([200, 200, 200, 200]);
        expect(oauthSim.oauth.issuedCount()).toBe(2);
        const health = await call(server, 'GET', '/health');
        expect(health.body.accounts[0]).toMatchObject({
          auth: 'oauth',
          status: 'ok',
        });
      } finally {
        await oauthSim.stop();
      }
    });
  });
});

describe('on-call on a fixed clock', () => {
  let clock = Date.parse('2025-03-10T02:00:00Z');
  let sim: PagerDutySimulator;

  useSimulator(s => (sim = s), { now: () => new Date(clock), reset: false });

  async function startAt(iso: string) {
    clock = Date.parse(iso);
    sim.reset();
    return startBackend({ pagerDuty: apiAccount(sim), now: () => clock });
  }

  const onCall = async (server: any, name: string) => {
    const res = await call(
      server,
      'GET',
      `/entities/component/default/${name}/oncall`,
    );
    expect(res.status).toBe(200);
    return res.body.policies[0];
  };

  it('shows who comes next at 06:00 across the night gap of PSCHGAP, and david at level 2 now', async () => {
    const server = await startAt('2025-03-10T02:00:00Z');
    const policy = await onCall(server, 'gap');
    expect(policy.escalationPolicy.id).toBe(SEED.escalationPolicies.gap);
    const [level1, level2] = policy.levels;
    expect(level1.level).toBe(1);
    expect(level1.oncalls).toHaveLength(1);
    const next = level1.oncalls[0];
    expect(next.from).toBe('2025-03-10T06:00:00Z');
    expect(next.schedule.id).toBe(SEED.schedules.gap);
    expect([SEED.users.frank.id, SEED.users.grace.id]).toContain(next.user.id);
    expect(level2).toEqual({
      level: 2,
      escalationDelayInMinutes: expect.any(Number),
      oncalls: [
        expect.objectContaining({
          user: expect.objectContaining({ id: SEED.users.david.id }),
        }),
      ],
    });
    expect(level2.oncalls[0].from).toBeUndefined();

    // 07:00, same backend: the shared clock moved past the TTL, so on-call is asked again.
    const before = sim.stats().byRoute['GET /oncalls'];
    clock = Date.parse('2025-03-10T07:00:00Z');
    const later = await onCall(server, 'gap');
    expect(sim.stats().byRoute['GET /oncalls']).toBe(before + 1);
    const current = later.levels[0].oncalls[0];
    expect(current.user.id).toBe(next.user.id);
    expect(current.from).toBeUndefined();
    expect(Date.parse(current.until)).toBeGreaterThan(clock);
  });

  it('hands level 1 and 2 of PEPCHK1 over at 09:00, also from data cached before the hand-off', async () => {
    const server = await startAt('2025-03-10T08:59:00Z');
    const before = await onCall(server, 'checkout');
    const sec = (policy: any) =>
      policy.levels
        .find((l: any) => l.level === 2)
        .oncalls.find(
          (o: any) => o.schedule?.id === SEED.schedules.checkoutSecondary,
        );
    const pri = (policy: any) => policy.levels[0].oncalls[0];
    expect(sec(before).until).toBe('2025-03-10T09:00:00Z');
    // 2025-03-10 is a Monday: the weekly primary hands over too.
    expect(pri(before).until).toBe('2025-03-10T09:00:00Z');
    const heidiAtLevel2 = before.levels[1].oncalls.some(
      (o: any) => o.user.id === SEED.users.heidi.id,
    );
    expect(heidiAtLevel2).toBe(true);

    const requests = sim.stats().byRoute['GET /oncalls'];
    clock = Date.parse('2025-03-10T09:00:00Z');
    const after = await onCall(server, 'checkout');
    // Within the on-call TTL: no new request, and still the right people.
    expect(sim.stats().byRoute['GET /oncalls']).toBe(requests);
    expect(sec(after).user.id).not.toBe(sec(before).user.id);
    expect(sec(after).until).toBe('2025-03-11T09:00:00Z');
    expect(sec(after).from).toBeUndefined();
    expect(pri(after).user.id).not.toBe(pri(before).user.id);
    expect(pri(after).until).toBe('2025-03-17T09:00:00Z');

    // Ground truth: a fresh backend at 09:00 agrees.
    const fresh = await startAt('2025-03-10T09:00:00Z');
    const truth = await onCall(fresh, 'checkout');
    expect(sec(truth).user.id).toBe(sec(after).user.id);
    expect(pri(truth).user.id).toBe(pri(after).user.id);
  });
});

describe('request budget under 429 storms and 5xx bursts', () => {
  let sim: PagerDutySimulator;
  let entities: Entity[];
  let names: string[];

  beforeAll(async () => {
    // The simulator's own REST limit (960/min per token) is on.
    sim = await startPagerDutySimulator({ port: 0 });
    names = [...sim.state.services.keys()].map(id => `svc-${id.toLowerCase()}`);
    entities = [
      ...CATALOG,
      ...[...sim.state.services.keys()].map(id =>
        component(`svc-${id.toLowerCase()}`, {
          'pagerduty.com/service-id': id,
        }),
      ),
    ];
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  // Every section is due for refresh at every view: the worst case for the budget.
  const noTtl = {
    servicesTtlSeconds: 0,
    incidentsTtlSeconds: 0,
    oncallTtlSeconds: 0,
    changeEventsTtlSeconds: 0,
  };

  it('keeps to 30 requests/minute across many views of many entities, answering 200 (stale) or 503 RATE_LIMITED', async () => {
    const server = await startBackend({
      entities,
      pagerDuty: {
        ...apiAccount(sim),
        client: { requestsPerMinute: 30, maxQueueWaitMs: 300, maxRetries: 2 },
        cache: noTtl,
      },
    });
    const round = () =>
      Promise.all(names.map(name => view(server, name))).then(r => r.flat());

    const first = await round();
    const second = await round();
    const third = await round();
    const all = [...first, ...second, ...third];
    // 403: the change events of PNOCHEV (no licence), remembered, not asked again.
    for (const outcome of outcomes(all)) {
      expect([
        '200',
        '403 PAGERDUTY_FORBIDDEN',
        '503 PAGERDUTY_RATE_LIMITED',
      ]).toContain(outcome);
    }
    const ok = (rs: typeof all) => rs.filter(r => r.status === 200).length;
    // What was shown once keeps being shown, marked stale.
    const shownFirst = first.flatMap((res, i) =>
      res.status === 200 ? [second[i]] : [],
    );
    expect(shownFirst.length).toBeGreaterThan(0);
    expect(
      new Set(shownFirst.map(r => `${r.status} ${r.body.freshness.stale}`)),
    ).toEqual(new Set(['200 true']));
    const upstream = sim.stats().total;
    const maxMs = Math.max(...all.map(r => r.ms));
    // eslint-disable-next-line no-console
    console.log(
      `budget 30/min: ${names.length} entities x 4 sections x 3 rounds = ${
        all.length
      } views; 200: ${ok(first)}/${ok(second)}/${ok(third)} per round, ` +
        `503 RATE_LIMITED: ${
          all.length - ok(all)
        }; upstream requests ${upstream}, ` +
        `429 from PagerDuty ${
          sim.stats().rateLimited
        }; slowest answer ${maxMs} ms`,
    );
    expect(upstream).toBeLessThanOrEqual(30);
    expect(ok(first)).toBeGreaterThan(0);
    expect(maxMs).toBeLessThan(5_000);
  });

  it('pauses on PagerDuty’s own 429 (REST limit below the budget) instead of hammering it', async () => {
    const strict = await startPagerDutySimulator({
      port: 0,
      rateLimits: { restPerMinute: 10 },
    });
    try {
      const server = await startBackend({
        entities,
        pagerDuty: {
          ...apiAccount(strict),
          client: { requestsPerMinute: 900, maxQueueWaitMs: 300 },
          cache: noTtl,
        },
      });
      const all = (
        await Promise.all(
          [1, 2, 3].map(() =>
            Promise.all(names.map(name => view(server, name))),
          ),
        )
      ).flat(2);
      for (const outcome of outcomes(all)) {
        expect([
          '200',
          '403 PAGERDUTY_FORBIDDEN',
          '503 PAGERDUTY_RATE_LIMITED',
        ]).toContain(outcome);
      }
      const stats = strict.stats();
      const maxMs = Math.max(...all.map(r => r.ms));
      // eslint-disable-next-line no-console
      console.log(
        `PagerDuty limit 10/min: ${all.length} views; upstream requests ${stats.total}, ` +
          `of which 429: ${stats.rateLimited}; slowest answer ${maxMs} ms`,
      );
      // Up to 10 accepted, then the requests already in flight when the first 429 came back.
      expect(stats.total).toBeLessThanOrEqual(10 + 40);
      expect(maxMs).toBeLessThan(5_000);
    } finally {
      await strict.stop();
    }
  });

  it('serves cached data, marked stale, through a 429 storm, sending nothing while paused', async () => {
    const server = await startBackend({
      entities,
      pagerDuty: {
        ...apiAccount(sim),
        // A budget that does not bind while warming four uncached cards in a row: the pause
        // under test is PagerDuty's (429 with a 30 s reset), not the budget's.
        client: { requestsPerMinute: 6000, maxQueueWaitMs: 300, maxRetries: 2 },
        cache: noTtl,
      },
    });
    const warm = ['checkout', 'multi', 'gap', 'by-key'];
    for (const name of warm) {
      expect((await view(server, name)).map(r => r.status)).toEqual([
        200, 200, 200, 200,
      ]);
    }
    sim.setFaults({
      rules: [{ route: '*', mode: 'rate_limit', retryAfterSeconds: 30 }],
    });
    const before = sim.stats().total;
    const firstWave = (
      await Promise.all(warm.map(name => view(server, name)))
    ).flat();
    const afterFirst = sim.stats().total;
    const later: typeof firstWave = [];
    for (let i = 0; i < 10; i++) {
      later.push(
        ...(await Promise.all(warm.map(name => view(server, name)))).flat(),
      );
    }
    const cold = await view(server, 'svc-pmaintn');
    const afterAll = sim.stats().total;
    for (const res of [...firstWave, ...later]) {
      expect(res.status).toBe(200);
      expect(res.body.freshness.stale).toBe(true);
    }
    expect(cold.map(r => r.body.error?.code)).toEqual(
      Array(4).fill('PAGERDUTY_RATE_LIMITED'),
    );
    const maxMs = Math.max(...[...firstWave, ...later, ...cold].map(r => r.ms));
    // eslint-disable-next-line no-console
    console.log(
      `429 storm (ratelimit-reset 30 s): first wave of ${
        firstWave.length
      } views sent ${afterFirst - before} requests; the next ${
        later.length + cold.length
      } views sent ${afterAll - afterFirst}; slowest answer ${maxMs} ms`,
    );
    expect(afterAll - afterFirst).toBe(0);
    // At most one request per cached resource before the first 429 came back.
    expect(afterFirst - before).toBeLessThanOrEqual(12);
    // Nobody waited for the 30 s reset. Far below it, so that it holds on a busy machine too
    // (2 s failed at a load average of 20 on this 2-core machine; the printed figure is the
    // one to watch).
    expect(maxMs).toBeLessThan(10_000);
  });

  it('serves cached data, marked stale, through a 5xx burst and answers 503 for the rest', async () => {
    const server = await startBackend({
      entities,
      pagerDuty: {
        ...apiAccount(sim),
        client: { maxQueueWaitMs: 300, maxRetries: 2, requestsPerMinute: 300 },
        cache: noTtl,
      },
    });
    const warm = ['checkout', 'multi'];
    // Warm the cache: a budget of 300 a minute sends 14 requests per 3 s window at most, so a
    // cold view may need more than one window.
    for (const name of warm) {
      for (let i = 0; i < 20; i++) {
        const answers = await view(server, name);
        if (answers.every(r => r.status === 200)) break;
        await new Promise(r => setTimeout(r, 1_000));
      }
    }
    sim.setFaults({ rules: [{ route: '*', mode: 'error', status: 503 }] });
    const before = sim.stats().total;
    const stale = (
      await Promise.all(
        Array.from({ length: 10 }, () =>
          Promise.all(warm.map(name => view(server, name))),
        ),
      )
    ).flat(2);
    const cold = await view(server, 'svc-pmaintn');
    const during = sim.stats().total - before;
    for (const res of stale) {
      expect(res.status).toBe(200);
      expect(res.body.freshness.stale).toBe(true);
    }
    // Uncached: 503, because PagerDuty fails, or because the retries of the burst spent this
    // window's budget (which depends on how fast the machine sent the stale views).
    expect(cold.map(r => r.status)).toEqual([503, 503, 503, 503]);
    for (const res of cold) {
      expect(['PAGERDUTY_UNAVAILABLE', 'PAGERDUTY_RATE_LIMITED']).toContain(
        res.body.error?.code,
      );
    }
    const maxMs = Math.max(...[...stale, ...cold].map(r => r.ms));
    // eslint-disable-next-line no-console
    console.log(
      `5xx burst: ${
        stale.length + cold.length
      } views sent ${during} requests ` +
        `(total this minute ${
          sim.stats().total
        }, budget 300); slowest answer ${maxMs} ms`,
    );
    expect(sim.stats().total).toBeLessThanOrEqual(300);
    expect(maxMs).toBeLessThan(5_000);
  });
});

describe('secrets', () => {
  const TOKEN = 'pd_secret_api_token_Zx81kQ';
  const WRONG_TOKEN = 'pd_wrong_api_token_Yw72jP';
  const OAUTH_SECRET = 'pd_oauth_client_secret_Vu63hN';
  const WRONG_OAUTH_SECRET = 'pd_wrong_oauth_secret_Ts54gM';
  let sim: PagerDutySimulator;

  useSimulator(s => (sim = s), {
    tokens: [TOKEN],
    oauthClients: [{ clientId: 'backstage', clientSecret: OAUTH_SECRET }],
    reset: false,
  });

  it('never shows the token, OAuth secret or integration keys in an answer or a log line', async () => {
    const logs = new LogRecorder();
    const urls = { apiBaseUrl: sim.url, eventsBaseUrl: sim.url };
    const oauth = (secret: string) => ({
      clientId: 'backstage',
      clientSecret: secret,
      subDomain: 'acme',
      tokenUrl: `${sim.url}/oauth/token`,
    });
    const accounted = (account: string) =>
      ['checkout', 'by-key', 'no-change-events'].map(name =>
        component(`${account}-${name}`, {
          ...CATALOG.find(e => e.metadata.name === name)!.metadata.annotations,
          'pagerduty.com/account': account,
        }),
      );
    const entities = [
      ...CATALOG,
      ...['oauth', 'rejected', 'bad-oauth'].flatMap(accounted),
    ];
    const server = await startBackend({
      entities,
      logs,
      pagerDuty: {
        accounts: [
          { id: 'main', isDefault: true, apiToken: TOKEN, ...urls },
          { id: 'oauth', oauth: oauth(OAUTH_SECRET), ...urls },
          { id: 'rejected', apiToken: WRONG_TOKEN, ...urls },
          { id: 'bad-oauth', oauth: oauth(WRONG_OAUTH_SECRET), ...urls },
        ],
        client: { maxRetries: 1, timeoutMs: 2000 },
        cache: { negativeTtlSeconds: 0 },
        triggers: {
          backoffInitialMs: 50,
          backoffMaxMs: 200,
          pollIntervalMs: 100,
        },
      },
    });
    const answers: string[] = [];
    const record = (res: request.Response) =>
      answers.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text}`);
    const names = entities
      .filter(e => e.kind === 'Component')
      .map(e => e.metadata.name);

    const drive = async () => {
      for (const name of [...names, 'nobody']) {
        (await view(server, name)).forEach(record);
      }
      record(await call(server, 'GET', '/health'));
    };
    await drive();
    // Writes: a trigger through an integration key, its status, and an acknowledgement.
    const trigger = await request(server)
      .post('/api/pagerduty/entities/component/default/by-key/incidents')
      .set('Authorization', ALICE)
      .send({ summary: 'secret scan', severity: 'info' });
    record(trigger);
    if (trigger.body.id) {
      for (let i = 0; i < 40; i++) {
        const status = await request(server)
          .get(`/api/pagerduty/triggers/${trigger.body.id}`)
          .set('Authorization', ALICE);
        record(status);
        if (status.body.status !== 'queued') break;
        await new Promise(r => setTimeout(r, 100));
      }
    }
    record(
      await request(server)
        .post(
          `/api/pagerduty/entities/component/default/checkout/incidents/${SEED.incidents.checkoutTriggered}/acknowledge`,
        )
        .set('Authorization', ALICE)
        .send({}),
    );
    // Upstream 5xx, timeouts cut short, and an unauthenticated caller.
    sim.setFaults({ rules: [{ route: '*', mode: 'error', status: 502 }] });
    await drive();
    sim.setFaults({ rules: [{ route: '*', mode: 'malformed' }] });
    await drive();
    sim.clearFaults();
    record(
      await call(
        server,
        'GET',
        '/entities/component/default/checkout/services',
        {
          auth: null,
        },
      ),
    );

    const statuses = new Set(answers.map(a => Number(a.slice(0, 3))));
    // Every failure was mapped to an actionable error: no unexpected 500s.
    expect(logs.lines.filter(l => l.includes('Unexpected error'))).toEqual([]);
    expect(statuses).not.toContain(500);
    expect([...statuses].sort()).toEqual(
      expect.arrayContaining([200, 400, 401, 403, 404, 502, 503]),
    );
    expect(logs.lines.length).toBeGreaterThan(10);
    const secrets = [
      TOKEN,
      WRONG_TOKEN,
      OAUTH_SECRET,
      WRONG_OAUTH_SECRET,
      'pdsim-secret-looking-key-0000000000',
      'pdsimunknownkey00000000000000042',
      ...Object.values(SEED.integrationKeys),
    ];
    for (const secret of secrets) {
      for (const answer of answers) expect(answer).not.toContain(secret);
      for (const line of logs.lines) expect(line).not.toContain(secret);
    }
    // eslint-disable-next-line no-console
    console.log(
      `secret scan: ${answers.length} answers (statuses ${[...statuses]
        .sort()
        .join(', ')}) and ${logs.lines.length} log lines, ${
        secrets.length
      } secrets: none found`,
    );
  });
});
