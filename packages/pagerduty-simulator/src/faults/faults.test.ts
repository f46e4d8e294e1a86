import { PagerDutySimulator, startPagerDutySimulator } from '../simulator';
import { client, request } from '../testing/client';
import { FaultController, routeMatches, validateFaultSpec } from './faults';

describe('fault matching', () => {
  it('matches route templates, method wildcards and "*"', () => {
    expect(routeMatches('*', 'GET /services/{id}')).toBe(true);
    expect(routeMatches('GET /services/{id}', 'GET /services/{id}')).toBe(true);
    expect(routeMatches('GET /services', 'GET /services/{id}')).toBe(false);
    expect(routeMatches('GET *', 'PUT /incidents/{id}')).toBe(false);
    expect(routeMatches('* /incidents*', 'PUT /incidents/{id}')).toBe(true);
    expect(routeMatches('POST /v2/enqueue', 'POST /v2/enqueue')).toBe(true);
  });

  it('applies rate as a probability and count as a budget', () => {
    const rolls = [0.1, 0.9, 0.3, 0.7];
    const f = new FaultController(() => rolls.shift()!);
    f.set({ rules: [{ route: '*', mode: 'error', rate: 0.5 }] });
    expect(['a', 'b', 'c', 'd'].map(() => !!f.decide('GET /x'))).toEqual([
      true,
      false,
      true,
      false,
    ]);
    f.set({ rules: [{ route: '*', mode: 'error', count: 2 }] });
    expect([1, 2, 3].map(() => !!f.decide('GET /x'))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('validates specs', () => {
    expect(
      validateFaultSpec({
        rules: [{ route: '*', mode: 'error', rate: 0.5, count: 1 }],
      }),
    ).toEqual([]);
    expect(
      validateFaultSpec({ rules: [{ route: '*', mode: 'explode' }] }),
    ).toHaveLength(1);
    expect(
      validateFaultSpec({ rules: [{ route: '*', mode: 'error', rate: 2 }] }),
    ).toHaveLength(1);
    expect(validateFaultSpec({ latency: { fixedMs: -1 } })).toHaveLength(1);
    expect(validateFaultSpec({ bogus: true })).toHaveLength(1);
  });
});

describe('fault modes over HTTP', () => {
  let sim: PagerDutySimulator;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    sim = await startPagerDutySimulator({ port: 0, rateLimits: false });
    api = client(sim.url);
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.clearFaults());

  it('error: answers the status with a PagerDuty error body, on matching routes only', async () => {
    sim.setFaults({
      rules: [{ route: 'GET /services/{id}', mode: 'error', status: 503 }],
    });
    const r = await api.get('/services/PCHKOUT');
    expect(r.status).toBe(503);
    expect(r.json.error).toMatchObject({ code: 2000 });
    expect((await api.get('/services')).status).toBe(200);
  });

  it('count: applies N times, then stops', async () => {
    sim.setFaults({ rules: [{ route: '*', mode: 'error', count: 2 }] });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await api.get('/abilities')).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  it('rate: 0 never fires, 1 always fires', async () => {
    sim.setFaults({ rules: [{ route: '*', mode: 'error', rate: 0 }] });
    expect((await api.get('/abilities')).status).toBe(200);
    sim.setFaults({ rules: [{ route: '*', mode: 'error', rate: 1 }] });
    expect((await api.get('/abilities')).status).toBe(500);
  });

  it('rate_limit: a 429 storm with code 2020 and headers, counted in the stats', async () => {
    const before = sim.stats().rateLimited;
    sim.setFaults({
      rules: [
        { route: 'GET /incidents', mode: 'rate_limit', retryAfterSeconds: 7 },
      ],
    });
    for (let i = 0; i < 3; i++) {
      const r = await api.get('/incidents');
      expect(r.status).toBe(429);
      expect(r.json.error.code).toBe(2020);
      expect(r.headers['ratelimit-reset']).toBe('7');
    }
    expect(sim.stats().rateLimited).toBe(before + 3);
  });

  it('timeout: never answers', async () => {
    sim.setFaults({ rules: [{ route: 'GET /oncalls', mode: 'timeout' }] });
    await expect(
      request(sim.url, '/oncalls', { timeoutMs: 300 }),
    ).rejects.toThrow('client timeout');
  });

  it('reset: the connection is destroyed', async () => {
    sim.setFaults({ rules: [{ route: 'GET /users/{id}', mode: 'reset' }] });
    await expect(api.get('/users/PALICE1')).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
  });

  it('malformed: 200 with a body that is not valid JSON', async () => {
    sim.setFaults({ rules: [{ route: 'GET /services', mode: 'malformed' }] });
    const r = await api.get('/services');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/json/);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('forbidden: 403 with code 2010 on the chosen routes', async () => {
    sim.setFaults({
      rules: [{ route: 'GET /services/{id}/change_events', mode: 'forbidden' }],
    });
    const r = await api.get('/services/PCHKOUT/change_events');
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({
      message: 'Access Denied',
      code: 2010,
    });
    expect((await api.get('/services/PCHKOUT')).status).toBe(200);
  });

  it('applies to the Events API with its own error format', async () => {
    sim.setFaults({
      rules: [{ route: 'POST /v2/enqueue', mode: 'error', status: 502 }],
    });
    const r = await api.post('/v2/enqueue', {});
    expect(r.status).toBe(502);
    expect(r.json.status).toBe('error');
  });

  it('latency: adds fixed + jitter to every response', async () => {
    sim.setFaults({ latency: { fixedMs: 120, jitterMs: 30 } });
    const started = Date.now();
    await api.get('/abilities');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(115);
    expect(elapsed).toBeLessThan(1000);
  });

  it('is driven by the admin API too (POST/GET/DELETE /_simulator/faults)', async () => {
    const bad = await api.post(
      '/_simulator/faults',
      { rules: [{ route: '*', mode: 'nope' }] },
      { token: null },
    );
    expect(bad.status).toBe(400);
    const set = await api.post(
      '/_simulator/faults',
      { rules: [{ route: 'GET /abilities', mode: 'error', count: 1 }] },
      { token: null },
    );
    expect(set.status).toBe(200);
    expect(
      (await api.get('/_simulator/faults', { token: null })).json.remaining,
    ).toEqual([1]);
    expect((await api.get('/abilities')).status).toBe(500);
    expect(
      (await api.get('/_simulator/faults', { token: null })).json.remaining,
    ).toEqual([0]);
    await api.post(
      '/_simulator/faults',
      { rules: [{ route: '*', mode: 'error' }] },
      { token: null },
    );
    expect((await api.del('/_simulator/faults', { token: null })).status).toBe(
      204,
    );
    expect((await api.get('/abilities')).status).toBe(200);
    expect(() =>
      sim.setFaults({ rules: [{ route: '*', mode: 'nope' as any }] }),
    ).toThrow(/Invalid fault spec/);
  });
});
