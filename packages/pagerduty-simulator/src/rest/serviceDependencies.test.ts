import { PagerDutySimulator, startPagerDutySimulator } from '../simulator';
import { client, fixedClock } from '../testing/client';

describe('REST: service dependencies and generated services', () => {
  let sim: PagerDutySimulator;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    sim = await startPagerDutySimulator({
      port: 0,
      now: fixedClock('2025-03-10T12:00:00Z'),
      services: 250,
      tokens: ['pdsim_demo_token_0123456789'],
    });
    api = client(sim.url);
  });
  afterAll(() => sim.stop());

  const rel = (supporting: string, dependent: string) => ({
    relationships: [
      {
        supporting_service: { id: supporting, type: 'service' },
        dependent_service: { id: dependent, type: 'service' },
      },
    ],
  });

  it('associates once, lists both directions, disassociates', async () => {
    const a = await api.post(
      '/service_dependencies/associate',
      rel('PPAYMNT', 'PCHKOUT'),
    );
    expect(a.status).toBe(200);
    await api.post(
      '/service_dependencies/associate',
      rel('PPAYMNT', 'PCHKOUT'),
    );
    const ofCheckout = await api.get(
      '/service_dependencies/technical_services/PCHKOUT',
    );
    const ofPayments = await api.get(
      '/service_dependencies/technical_services/PPAYMNT',
    );
    expect(ofCheckout.json.relationships).toHaveLength(1);
    expect(ofPayments.json.relationships).toEqual(
      ofCheckout.json.relationships,
    );
    expect(ofCheckout.json.relationships[0]).toMatchObject({
      supporting_service: { id: 'PPAYMNT' },
      dependent_service: { id: 'PCHKOUT' },
    });
    const d = await api.post(
      '/service_dependencies/disassociate',
      rel('PPAYMNT', 'PCHKOUT'),
    );
    expect(d.json.relationships).toHaveLength(1);
    const after = await api.get(
      '/service_dependencies/technical_services/PCHKOUT',
    );
    expect(after.json.relationships).toEqual([]);
  });

  it('rejects bad relationships with a 400 or 404 naming the problem, changing nothing', async () => {
    const missing = await api.post('/service_dependencies/associate', {
      relationships: [{ supporting_service: { id: 'PPAYMNT' } }],
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.json)).toContain('relationships[0]');
    const unknown = await api.post(
      '/service_dependencies/associate',
      rel('PNOPE00', 'PCHKOUT'),
    );
    expect(unknown.status).toBe(404);
    const self = await api.post(
      '/service_dependencies/associate',
      rel('PCHKOUT', 'PCHKOUT'),
    );
    expect(self.status).toBe(400);
    const list = await api.get(
      '/service_dependencies/technical_services/PCHKOUT',
    );
    expect(list.json.relationships).toEqual([]);
  });

  it('grows the account to the requested number of services, 100 per page', async () => {
    const first = await api.get('/services?limit=100&offset=0');
    expect(first.json.more).toBe(true);
    const last = await api.get('/services?limit=100&offset=200&total=true');
    expect(last.json.total).toBe(250);
    expect(last.json.more).toBe(false);
    const generated = await api.get('/services/PG00001?include[]=integrations');
    expect(generated.json.service.name).toMatch(/^\w+ \w+ 0001$/);
    expect(generated.json.service.integrations[0].integration_key).toHaveLength(
      32,
    );
  });
});
