import { PagerDutySimulator, startPagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';
import { client, fixedClock } from '../testing/client';

describe('REST: auth, pagination, services, directory', () => {
  let sim: PagerDutySimulator;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    sim = await startPagerDutySimulator({
      port: 0,
      now: fixedClock('2025-03-10T12:00:00Z'),
      tokens: ['tok-a', 'tok-b'],
    });
    api = client(sim.url);
  });
  afterAll(() => sim.stop());

  describe('authentication', () => {
    it('answers 401 with code 2006 without or with a wrong token', async () => {
      for (const token of [null, 'nope']) {
        const r = await api.get('/services', { token });
        expect(r.status).toBe(401);
        expect(r.json.error.code).toBe(2006);
        expect(typeof r.json.error.message).toBe('string');
      }
    });

    it('accepts "Token token=" and "Bearer" forms, and the versioned Accept header', async () => {
      const a = await api.get('/abilities', { token: 'tok-a' });
      expect(a.status).toBe(200);
      const b = await api.get('/abilities', {
        token: null,
        headers: { authorization: 'Bearer tok-b' },
      });
      expect(b.status).toBe(200);
      const c = await api.get('/abilities', {
        token: null,
        headers: { authorization: 'Token token=tok-c' },
      });
      expect(c.status).toBe(401);
    });

    it('does not accept the demo token when explicit tokens are configured', async () => {
      const r = await api.get('/abilities', {
        token: 'pdsim_demo_token_0123456789',
      });
      expect(r.status).toBe(401);
    });
  });

  describe('classic pagination', () => {
    it('defaults to 25, echoes limit/offset, total null unless total=true', async () => {
      const r = await api.get('/users', { token: 'tok-a' });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        limit: 25,
        offset: 0,
        more: false,
        total: null,
      });
      const withTotal = await api.get('/users?total=true&limit=5&offset=5', {
        token: 'tok-a',
      });
      expect(withTotal.json.users).toHaveLength(5);
      expect(withTotal.json).toMatchObject({
        limit: 5,
        offset: 5,
        more: true,
        total: 14,
      });
      const last = await api.get('/users?limit=5&offset=10', {
        token: 'tok-a',
      });
      expect(last.json.users).toHaveLength(4);
      expect(last.json.more).toBe(false);
    });

    it('pages through every item exactly once', async () => {
      const ids: string[] = [];
      for (let offset = 0; ; offset += 3) {
        const r = await api.get(`/services?limit=3&offset=${offset}`, {
          token: 'tok-a',
        });
        ids.push(...r.json.services.map((s: any) => s.id));
        if (!r.json.more) break;
      }
      expect(ids).toHaveLength(sim.state.services.size);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('clamps limit to 100', async () => {
      const r = await api.get('/users?limit=500', { token: 'tok-a' });
      expect(r.json.limit).toBe(100);
    });

    it('answers 400 (2001) when offset + limit exceeds 10000 or values are invalid', async () => {
      const tooFar = await api.get('/services?offset=9950&limit=100', {
        token: 'tok-a',
      });
      expect(tooFar.status).toBe(400);
      expect(tooFar.json.error.code).toBe(2001);
      const atEdge = await api.get('/services?offset=9900&limit=100', {
        token: 'tok-a',
      });
      expect(atEdge.status).toBe(200);
      expect(atEdge.json.services).toEqual([]);
      expect(
        (await api.get('/services?limit=abc', { token: 'tok-a' })).status,
      ).toBe(400);
      expect(
        (await api.get('/services?total=maybe', { token: 'tok-a' })).status,
      ).toBe(400);
    });
  });

  describe('services', () => {
    it('returns the seeded checkout service wrapped, with references', async () => {
      const r = await api.get(`/services/${SEED.services.checkout}`, {
        token: 'tok-a',
      });
      expect(r.status).toBe(200);
      const s = r.json.service;
      expect(s).toMatchObject({
        id: 'PCHKOUT',
        type: 'service',
        name: 'Checkout API',
        status: 'critical',
      });
      expect(s.escalation_policy).toMatchObject({
        id: 'PEPCHK1',
        type: 'escalation_policy_reference',
      });
      expect(s.escalation_policy.self).toBe(
        `${sim.url}/escalation_policies/PEPCHK1`,
      );
      expect(s.integrations[0].type).toBe(
        'events_api_v2_inbound_integration_reference',
      );
      expect(s.integrations[0].integration_key).toBeUndefined();
    });

    it('expands include[]=integrations,escalation_policies,teams', async () => {
      const r = await api.get(
        '/services/PCHKOUT?include[]=integrations&include[]=escalation_policies&include[]=teams',
        { token: 'tok-a' },
      );
      const s = r.json.service;
      expect(s.integrations[0]).toMatchObject({
        type: 'events_api_v2_inbound_integration',
        integration_key: SEED.integrationKeys.checkout,
      });
      expect(s.escalation_policy.type).toBe('escalation_policy');
      expect(s.escalation_policy.escalation_rules).toHaveLength(3);
      expect(s.teams[0]).toMatchObject({ type: 'team', name: 'Commerce' });
    });

    it('answers 400 for an include[] value the endpoint does not know', async () => {
      const r = await api.get('/services/PCHKOUT?include[]=bogus', {
        token: 'tok-a',
      });
      expect(r.status).toBe(400);
    });

    it('answers 404 with code 5002 for an unknown service', async () => {
      const r = await api.get('/services/PNOPE00', { token: 'tok-a' });
      expect(r.status).toBe(404);
      expect(r.json.error.code).toBe(5002);
    });

    it('finds a service by integration key with query=, and lists keys with include[]=integrations', async () => {
      const r = await api.get(
        `/services?query=${SEED.integrationKeys.payments}&include[]=integrations`,
        {
          token: 'tok-a',
        },
      );
      expect(r.json.services.map((s: any) => s.id)).toEqual([
        SEED.services.payments,
      ]);
      expect(
        r.json.services[0].integrations.map((i: any) => i.integration_key),
      ).toContain(SEED.integrationKeys.payments);
      const byName = await api.get('/services?query=check', { token: 'tok-a' });
      expect(byName.json.services.map((s: any) => s.id)).toEqual([
        SEED.services.checkout,
      ]);
    });

    it('filters by repeated team_ids[]', async () => {
      const one = await api.get(
        `/services?team_ids[]=${SEED.teams.commerce}&limit=100`,
        { token: 'tok-a' },
      );
      const two = await api.get(
        `/services?team_ids[]=${SEED.teams.commerce}&team_ids[]=${SEED.teams.search}&limit=100`,
        {
          token: 'tok-a',
        },
      );
      expect(
        one.json.services.every((s: any) =>
          s.teams.some((t: any) => t.id === SEED.teams.commerce),
        ),
      ).toBe(true);
      expect(two.json.services.length).toBeGreaterThan(
        one.json.services.length,
      );
    });

    it('has the well-known statuses and the service without an Events v2 integration', async () => {
      const statuses: Record<string, string> = {};
      const r = await api.get('/services?limit=100&include[]=integrations', {
        token: 'tok-a',
      });
      for (const s of r.json.services) statuses[s.id] = s.status;
      expect(statuses).toMatchObject({
        PCHKOUT: 'critical',
        PPAYMNT: 'active',
        PSEARCH: 'warning',
        PMAINTN: 'maintenance',
        PDISABL: 'disabled',
        PNOINTG: 'active',
      });
      expect(r.json.services.length).toBeGreaterThanOrEqual(10);
      const noInt = r.json.services.find((s: any) => s.id === 'PNOINTG');
      expect(
        noInt.integrations.some(
          (i: any) => i.type === 'events_api_v2_inbound_integration',
        ),
      ).toBe(false);
      for (const s of r.json.services.filter((x: any) => x.id !== 'PNOINTG')) {
        const v2 = s.integrations.find(
          (i: any) => i.type === 'events_api_v2_inbound_integration',
        );
        expect(v2.integration_key).toMatch(/^[a-z0-9]{32}$/);
      }
    });
  });

  describe('change events', () => {
    it('lists the checkout change events, newest first', async () => {
      const r = await api.get('/services/PCHKOUT/change_events', {
        token: 'tok-a',
      });
      expect(r.status).toBe(200);
      expect(r.json.change_events.length).toBeGreaterThanOrEqual(4);
      const ts = r.json.change_events.map((c: any) => c.timestamp);
      expect([...ts].sort().reverse()).toEqual(ts);
    });

    it('answers 403 (2010) for PNOCHEV unless the faults lift it', async () => {
      const denied = await api.get('/services/PNOCHEV/change_events', {
        token: 'tok-a',
      });
      expect(denied.status).toBe(403);
      expect(denied.json.error.code).toBe(2010);
      sim.setFaults({ changeEventsDeniedServices: [] });
      const allowed = await api.get('/services/PNOCHEV/change_events', {
        token: 'tok-a',
      });
      expect(allowed.status).toBe(200);
      expect(allowed.json.change_events).toHaveLength(1);
      sim.setFaults({ changeEventsDeniedServices: ['PCHKOUT'] });
      expect(
        (await api.get('/services/PCHKOUT/change_events', { token: 'tok-a' }))
          .status,
      ).toBe(403);
      sim.clearFaults();
      expect(
        (await api.get('/services/PNOCHEV/change_events', { token: 'tok-a' }))
          .status,
      ).toBe(403);
    });
  });

  describe('directory', () => {
    it('returns users with email, avatar_url, time_zone and html_url', async () => {
      const r = await api.get(`/users/${SEED.users.alice.id}`, {
        token: 'tok-a',
      });
      expect(r.json.user).toMatchObject({
        id: 'PALICE1',
        email: 'alice@example.com',
        time_zone: 'Europe/London',
        html_url: `${sim.url}/app/users/PALICE1`,
      });
      expect(r.json.user.avatar_url).toMatch(
        /^https:\/\/secure\.gravatar\.com\/avatar\/[0-9a-f]{32}/,
      );
      expect((await api.get('/users/PNOPE00', { token: 'tok-a' })).status).toBe(
        404,
      );
    });

    it('returns escalation policies with schedule and user targets', async () => {
      const r = await api.get('/escalation_policies/PEPCHK1', {
        token: 'tok-a',
      });
      const rules = r.json.escalation_policy.escalation_rules;
      expect(rules.map((x: any) => x.targets.map((t: any) => t.type))).toEqual([
        ['schedule_reference'],
        ['schedule_reference', 'user_reference'],
        ['user_reference'],
      ]);
      const missing = await api.get('/escalation_policies/PNOPE00', {
        token: 'tok-a',
      });
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe(5001);
    });

    it('returns schedules with layers, restrictions and a rendered final schedule', async () => {
      const r = await api.get(
        '/schedules/PSCHGAP?since=2025-03-10T00:00:00Z&until=2025-03-11T00:00:00Z',
        {
          token: 'tok-a',
        },
      );
      const s = r.json.schedule;
      expect(s.schedule_layers[0].restrictions).toEqual([
        {
          type: 'daily_restriction',
          start_time_of_day: '06:00:00',
          duration_seconds: 64800,
        },
      ]);
      expect(s.final_schedule.rendered_schedule_entries).toEqual([
        expect.objectContaining({
          start: '2025-03-10T06:00:00Z',
          end: '2025-03-11T00:00:00Z',
        }),
      ]);
      expect(s.final_schedule.rendered_coverage_percentage).toBe(75);
    });
  });
});
