import { startPagerDutySimulator } from './simulator';
import { SEED } from './state/seed';
import { client } from './testing/client';
import { DEMO_TOKEN } from './types';

describe('startPagerDutySimulator', () => {
  it('counts requests by route and token, not admin calls; reset restores the seed and zeroes counters', async () => {
    const sim = await startPagerDutySimulator({ port: 0 });
    try {
      const api = client(sim.url);
      expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
      await api.get('/services/PCHKOUT');
      await api.get('/services/PPAYMNT');
      await api.get('/nope');
      await api.get('/_simulator/stats', { token: null });
      const stats = (await api.get('/_simulator/stats', { token: null })).json;
      expect(stats).toEqual(sim.stats());
      expect(stats).toMatchObject({
        total: 3,
        byRoute: { 'GET /services/{id}': 2, 'GET (unmatched)': 1 },
        byToken: { [DEMO_TOKEN]: 2 },
        rateLimited: 0,
      });
      await api.put(
        '/incidents/PCHKI01',
        { incident: { type: 'incident', status: 'resolved' } },
        { from: 'alice@example.com' },
      );
      sim.state.services.get('PPAYMNT')!.name = 'Changed';
      sim.setFaults({ rules: [{ route: '*', mode: 'error' }] });
      const r = await api.post('/_simulator/reset', {}, { token: null });
      expect(r.status).toBe(200);
      expect(sim.state.incidents.get('PCHKI01')!.status).toBe('triggered');
      expect(sim.state.services.get('PPAYMNT')!.name).toBe('Payments');
      expect(sim.stats().total).toBe(0);
      expect((await api.get('/abilities')).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  it('is deterministic for a seed; well-known ids are the same for every seed', async () => {
    const a = await startPagerDutySimulator({ port: 0, seed: 7 });
    const b = await startPagerDutySimulator({ port: 0, seed: 7 });
    const c = await startPagerDutySimulator({ port: 0, seed: 8 });
    try {
      const ids = (s: typeof a) => [
        ...s.state.services.keys(),
        ...s.state.users.keys(),
        ...s.state.incidents.keys(),
      ];
      expect(ids(a)).toEqual(ids(b));
      expect(ids(a)).not.toEqual(ids(c));
      for (const id of Object.values(SEED.services))
        expect(c.state.services.has(id)).toBe(true);
      for (const u of Object.values(SEED.users))
        expect(c.state.users.get(u.id)!.email).toBe(u.email);
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });

  it('has 32-character alphanumeric integration keys in SEED, each on its service', async () => {
    const sim = await startPagerDutySimulator({ port: 0 });
    try {
      for (const [name, key] of Object.entries(SEED.integrationKeys)) {
        expect(key).toMatch(/^[a-z0-9]{32}$/);
        const integration = sim.state.findIntegrationByKey(key)!;
        expect(integration.serviceId).toBe(
          (SEED.services as Record<string, string>)[name],
        );
      }
      const checkout = sim.state.escalationPolicies.get(
        SEED.escalationPolicies.checkout,
      )!;
      expect(checkout.rules.map(r => r.targets.map(t => t.type))).toEqual([
        ['schedule'],
        ['schedule', 'user'],
        ['user'],
      ]);
    } finally {
      await sim.stop();
    }
  });

  it('adds latencyMs to every REST response', async () => {
    const sim = await startPagerDutySimulator({ port: 0, latencyMs: 100 });
    try {
      const started = Date.now();
      await client(sim.url).get('/abilities');
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    } finally {
      await sim.stop();
    }
  });

  it('changes incident state through the admin API and logs requests', async () => {
    const lines: string[] = [];
    const sim = await startPagerDutySimulator({
      port: 0,
      logger: l => lines.push(l),
    });
    try {
      const api = client(sim.url);
      const r = await api.post(
        '/_simulator/incidents/PCHKI01/acknowledge',
        { from: 'heidi@example.com' },
        { token: null },
      );
      expect(r.json.incident.status).toBe('acknowledged');
      expect(r.json.incident.acknowledgements[0].acknowledger.id).toBe(
        'PHEIDI1',
      );
      await api.get('/services/PCHKOUT');
      expect(
        lines.some(l => l.startsWith('GET /services/PCHKOUT -> 200')),
      ).toBe(true);
      const routes = (await api.get('/_simulator/routes', { token: null })).json
        .routes;
      expect(routes).toEqual(
        expect.arrayContaining([
          'GET /oncalls',
          'POST /v2/enqueue',
          'PUT /incidents/{id}',
        ]),
      );
    } finally {
      await sim.stop();
    }
  });

  it('stops even with a request held open by the timeout fault', async () => {
    const sim = await startPagerDutySimulator({ port: 0 });
    sim.setFaults({ rules: [{ route: '*', mode: 'timeout' }] });
    const pending = client(sim.url)
      .get('/abilities')
      .catch(e => e);
    await new Promise(r => setTimeout(r, 50));
    await sim.stop();
    expect(String(await pending)).toMatch(/socket hang up|ECONNRESET/);
  });
});
