import { PagerDutySimulator, startPagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';
import { client, fixedClock } from '../testing/client';

const NOW = '2025-03-10T12:00:00Z';
const START = '2025-02-08T12:00:00Z'; // 30 days
const DAY = 86_400_000;

describe('REST: analytics and standards', () => {
  let sim: PagerDutySimulator;
  let api: ReturnType<typeof client>;
  const clock = fixedClock(NOW);

  beforeAll(async () => {
    sim = await startPagerDutySimulator({ port: 0, now: clock });
    api = client(sim.url);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  /**
   * MTTA and MTTR computed independently of the analytics code: through the public incidents
   * and log-entries endpoints, as a client without analytics would.
   */
  async function independentFigures(serviceId: string) {
    const list = await api.get(
      `/incidents?service_ids[]=${serviceId}&since=${START}&until=${NOW}&limit=100`,
    );
    expect(list.status).toBe(200);
    expect(list.json.more).toBe(false);
    const ackSeconds: number[] = [];
    const resolveSeconds: number[] = [];
    let high = 0;
    for (const incident of list.json.incidents) {
      if (incident.urgency === 'high') high++;
      const created = Date.parse(incident.created_at);
      const entries = await api.get(
        `/incidents/${incident.id}/log_entries?limit=100`,
      );
      const times = (type: string) =>
        entries.json.log_entries
          .filter((e: any) => e.type === type)
          .map((e: any) => Date.parse(e.created_at))
          .sort((a: number, b: number) => a - b);
      const [ack] = times('acknowledge_log_entry');
      const [resolved] = times('resolve_log_entry');
      if (ack) ackSeconds.push((ack - created) / 1000);
      if (resolved) resolveSeconds.push((resolved - created) / 1000);
    }
    const avg = (xs: number[]) =>
      Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    return {
      count: list.json.incidents.length,
      high,
      mtta: avg(ackSeconds),
      mttr: avg(resolveSeconds),
    };
  }

  it('seeds 90 days of resolved checkout incidents with acknowledgements and escalations', () => {
    const history = [...sim.state.incidents.values()].filter(
      i => i.serviceId === SEED.services.checkout && i.status === 'resolved',
    );
    const oldest = Math.min(...history.map(i => Date.parse(i.createdAt)));
    expect(Date.parse(NOW) - oldest).toBeGreaterThan(60 * DAY);
    expect(history.length).toBeGreaterThan(30);
    const types = history.flatMap(i => i.logEntries.map(e => e.type));
    expect(types).toContain('acknowledge_log_entry');
    expect(types).toContain('escalate_log_entry');
  });

  it('answers per-service metrics that match an independent computation from the incidents', async () => {
    const r = await api.post('/analytics/metrics/incidents/services', {
      filters: {
        created_at_start: START,
        created_at_end: NOW,
        service_ids: [SEED.services.checkout],
      },
    });
    expect(r.status).toBe(200);
    expect(r.json.data).toHaveLength(1);
    const row = r.json.data[0];
    const expected = await independentFigures(SEED.services.checkout);
    expect(row).toMatchObject({
      service_id: SEED.services.checkout,
      service_name: 'Checkout API',
      total_incident_count: expected.count,
      mean_seconds_to_first_ack: expected.mtta,
      mean_seconds_to_resolve: expected.mttr,
    });
    expect(expected.count).toBeGreaterThan(8);
    expect(row.total_interruptions).toBeGreaterThanOrEqual(expected.high);
  });

  it('aggregates per day in the requested time zone', async () => {
    const r = await api.post('/analytics/metrics/incidents/services', {
      filters: {
        created_at_start: START,
        created_at_end: NOW,
        service_ids: [SEED.services.checkout],
      },
      aggregate_unit: 'day',
      time_zone: 'Europe/Berlin',
      order: 'asc',
      order_by: 'range_start',
    });
    expect(r.status).toBe(200);
    const total = r.json.data.reduce(
      (n: number, d: any) => n + d.total_incident_count,
      0,
    );
    const all = await independentFigures(SEED.services.checkout);
    expect(total).toBe(all.count);
    expect(r.json.data[0].range_start).toMatch(/T00:00:00\+01:00$/);
    const starts = r.json.data.map((d: any) => d.range_start);
    expect([...starts].sort()).toEqual(starts);
  });

  it('pages raw incidents with a cursor', async () => {
    const body = {
      filters: {
        created_at_start: START,
        created_at_end: NOW,
        service_ids: [SEED.services.checkout],
      },
      limit: 5,
    };
    const first = await api.post('/analytics/raw/incidents', body);
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(5);
    expect(first.json.more).toBe(true);
    const next = await api.post('/analytics/raw/incidents', {
      ...body,
      starting_after: first.json.last,
    });
    expect(next.json.data[0].id).not.toBe(first.json.data[0].id);
    const created = first.json.data.map((d: any) => d.created_at);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('answers 400 naming the problem for bad filters, and 402 without the analytics ability', async () => {
    const noDates = await api.post('/analytics/metrics/incidents/services', {
      filters: {},
    });
    expect(noDates.status).toBe(400);
    expect(noDates.json.error.errors[0]).toMatch(/created_at_start/);
    const badZone = await api.post('/analytics/metrics/incidents/services', {
      filters: { created_at_start: START, created_at_end: NOW },
      time_zone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(400);
    sim.state.abilities = sim.state.abilities.filter(a => a !== 'analytics');
    const denied = await api.post('/analytics/metrics/incidents/services', {
      filters: { created_at_start: START, created_at_end: NOW },
    });
    expect(denied.status).toBe(402);
    expect(denied.json.error.code).toBe(2014);
    const abilities = await api.get('/abilities');
    expect(abilities.json.abilities).not.toContain('analytics');
  });

  it('scores a service against the standards from its configuration', async () => {
    const list = await api.get('/standards?active=true');
    expect(list.status).toBe(200);
    const score = await api.get(
      `/standards/scores/technical_services/${SEED.services.checkout}`,
    );
    expect(score.status).toBe(200);
    expect(score.json.score.total).toBe(list.json.standards.length);
    const failing = score.json.standards.filter((s: any) => !s.pass);
    expect(failing.map((s: any) => s.type)).toEqual(['has_dynamic_urgency']);
    expect(score.json.score.passing).toBe(score.json.score.total - 1);
    sim.state.services.get(SEED.services.checkout)!.teamIds = [];
    const after = await api.get(
      `/standards/scores/technical_services/${SEED.services.checkout}`,
    );
    expect(after.json.score.passing).toBe(score.json.score.passing - 1);
    expect(
      (await api.get('/standards/scores/technical_services/PNOPE00')).status,
    ).toBe(404);
    expect(
      (await api.get(`/standards/scores/users/${SEED.services.checkout}`))
        .status,
    ).toBe(400);
  });
});
