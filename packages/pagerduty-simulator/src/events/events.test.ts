import { PagerDutySimulator, startPagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';
import { client } from '../testing/client';

const KEY = SEED.integrationKeys.payments;

function trigger(
  extra: Record<string, unknown> = {},
  payload: Record<string, unknown> = {},
) {
  return {
    routing_key: KEY,
    event_action: 'trigger',
    payload: {
      summary: 'Payments p99 high',
      source: 'pay-01',
      severity: 'critical',
      ...payload,
    },
    ...extra,
  };
}

describe('Events API v2', () => {
  let sim: PagerDutySimulator;
  let api: ReturnType<typeof client>;
  const incidentsByKey = async (key: string) =>
    (
      await api.get(
        `/incidents?incident_key=${encodeURIComponent(key)}&date_range=all`,
      )
    ).json.incidents;

  beforeAll(async () => {
    sim = await startPagerDutySimulator({ port: 0, rateLimits: false });
    api = client(sim.url);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('creates an incident on the integration service, visible through REST', async () => {
    const r = await api.post(
      '/v2/enqueue',
      trigger(
        {
          dedup_key: 'pay/p99',
          client: 'Grafana',
          client_url: 'https://grafana.example.com/d/1',
          links: [{ href: 'https://runbook', text: 'Runbook' }],
        },
        { custom_details: { p99: 2300 } },
      ),
      { token: null },
    );
    expect(r.status).toBe(202);
    expect(r.json).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'pay/p99',
    });
    const [incident] = await incidentsByKey('pay/p99');
    expect(incident).toMatchObject({
      title: 'Payments p99 high',
      status: 'triggered',
      urgency: 'high',
      incident_key: 'pay/p99',
      service: { id: SEED.services.payments },
    });
    expect(incident.body.details).toEqual({ p99: 2300 });
    const log = (await api.get(`/incidents/${incident.id}/log_entries`)).json
      .log_entries;
    const first = log.find((e: any) => e.type === 'trigger_log_entry');
    expect(first.channel).toMatchObject({
      type: 'api',
      client: 'Grafana',
      client_url: 'https://grafana.example.com/d/1',
      details: { p99: 2300 },
    });
    expect(first.contexts).toEqual([
      { type: 'link', href: 'https://runbook', text: 'Runbook' },
    ]);
  });

  it('dedups: triggers join the open incident, ack/resolve act on it, a later trigger opens a new one', async () => {
    await api.post('/v2/enqueue', trigger({ dedup_key: 'd1' }), {
      token: null,
    });
    await api.post('/v2/enqueue', trigger({ dedup_key: 'd1' }), {
      token: null,
    });
    let list = await incidentsByKey('d1');
    expect(list).toHaveLength(1);
    expect(list[0].alert_counts.all).toBe(2);
    const ack = await api.post(
      '/v2/enqueue',
      { routing_key: KEY, event_action: 'acknowledge', dedup_key: 'd1' },
      { token: null },
    );
    expect(ack.status).toBe(202);
    expect((await incidentsByKey('d1'))[0].status).toBe('acknowledged');
    await api.post(
      '/v2/enqueue',
      { routing_key: KEY, event_action: 'resolve', dedup_key: 'd1' },
      { token: null },
    );
    expect((await incidentsByKey('d1'))[0].status).toBe('resolved');
    // resolve again: dropped, still 202
    const again = await api.post(
      '/v2/enqueue',
      { routing_key: KEY, event_action: 'resolve', dedup_key: 'd1' },
      { token: null },
    );
    expect(again.status).toBe(202);
    await api.post('/v2/enqueue', trigger({ dedup_key: 'd1' }), {
      token: null,
    });
    list = await incidentsByKey('d1');
    expect(list.map((i: any) => i.status).sort()).toEqual([
      'resolved',
      'triggered',
    ]);
  });

  it('generates a unique dedup_key when none is given', async () => {
    const a = await api.post('/v2/enqueue', trigger(), { token: null });
    const b = await api.post('/v2/enqueue', trigger(), { token: null });
    expect(a.json.dedup_key).toMatch(/^\w{20,}$/);
    expect(a.json.dedup_key).not.toBe(b.json.dedup_key);
    expect(await incidentsByKey(a.json.dedup_key)).toHaveLength(1);
  });

  it('drops acknowledge/resolve without an open incident, and events of another routing key', async () => {
    const before = sim.state.incidents.size;
    const r = await api.post(
      '/v2/enqueue',
      { routing_key: KEY, event_action: 'acknowledge', dedup_key: 'none' },
      { token: null },
    );
    expect(r.status).toBe(202);
    await api.post('/v2/enqueue', trigger({ dedup_key: 'x1' }), {
      token: null,
    });
    await api.post(
      '/v2/enqueue',
      {
        routing_key: SEED.integrationKeys.checkout,
        event_action: 'resolve',
        dedup_key: 'x1',
      },
      { token: null },
    );
    expect((await incidentsByKey('x1'))[0].status).toBe('triggered');
    expect(sim.state.incidents.size).toBe(before + 1);
  });

  it('accepts but opens no incident on services in maintenance or disabled', async () => {
    const before = sim.state.incidents.size;
    for (const key of [
      SEED.integrationKeys.maintenance,
      SEED.integrationKeys.disabled,
    ]) {
      const r = await api.post('/v2/enqueue', trigger({ routing_key: key }), {
        token: null,
      });
      expect(r.status).toBe(202);
    }
    expect(sim.state.incidents.size).toBe(before);
  });

  it.each([
    ['unknown routing key', { routing_key: 'x'.repeat(32) }, {}],
    ['short routing key', { routing_key: 'abc' }, {}],
    ['missing routing key', { routing_key: undefined }, {}],
    ['bad action', { event_action: 'explode' }, {}],
    ['missing summary', {}, { summary: undefined }],
    ['missing source', {}, { source: undefined }],
    ['missing severity', {}, { severity: undefined }],
    ['bad severity', {}, { severity: 'fatal' }],
    ['summary over 1024 characters', {}, { summary: 's'.repeat(1025) }],
    ['dedup_key over 255 characters', { dedup_key: 'd'.repeat(256) }, {}],
  ])('answers 400 "invalid event" for %s', async (_name, extra, payload) => {
    const before = sim.state.incidents.size;
    const r = await api.post('/v2/enqueue', trigger(extra, payload), {
      token: null,
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      status: 'invalid event',
      message: 'Event object is invalid',
    });
    expect(r.json.errors.length).toBeGreaterThan(0);
    expect(sim.state.incidents.size).toBe(before);
  });

  it('accepts a summary of exactly 1024 characters', async () => {
    const r = await api.post(
      '/v2/enqueue',
      trigger({}, { summary: 's'.repeat(1024) }),
      { token: null },
    );
    expect(r.status).toBe(202);
  });

  it('answers 400 for a body that is not JSON, and for ack without dedup_key', async () => {
    const r = await api.post('/v2/enqueue', '{nope', { token: null });
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual(['JSON parse error']);
    const ack = await api.post(
      '/v2/enqueue',
      { routing_key: KEY, event_action: 'acknowledge' },
      { token: null },
    );
    expect(ack.status).toBe(400);
  });

  it('rejects the key of a service without an Events v2 integration (there is none)', async () => {
    const svc = sim.state.services.get(SEED.services.noIntegration)!;
    expect(
      svc.integrations.every(
        i => i.type !== 'events_api_v2_inbound_integration',
      ),
    ).toBe(true);
  });

  it('records change events (POST /v2/change/enqueue) on the service', async () => {
    const r = await api.post(
      '/v2/change/enqueue',
      {
        routing_key: KEY,
        payload: {
          summary: 'Deploy payments v3.2.0',
          source: 'ci',
          custom_details: { v: '3.2.0' },
        },
        links: [{ href: 'https://ci/1', text: 'build' }],
      },
      { token: null },
    );
    expect(r.status).toBe(202);
    const list = (await api.get('/services/PPAYMNT/change_events')).json
      .change_events;
    expect(list[0]).toMatchObject({
      summary: 'Deploy payments v3.2.0',
      source: 'ci',
      custom_details: { v: '3.2.0' },
    });
    const bad = await api.post(
      '/v2/change/enqueue',
      { routing_key: KEY, payload: {} },
      { token: null },
    );
    expect(bad.status).toBe(400);
  });

  it('counts events per routing key in the stats', async () => {
    await api.post('/v2/enqueue', trigger(), { token: null });
    await api.post('/v2/enqueue', trigger(), { token: null });
    expect(sim.stats().byRoutingKey[KEY]).toBe(2);
    expect(sim.stats().byRoute['POST /v2/enqueue']).toBe(2);
  });
});
