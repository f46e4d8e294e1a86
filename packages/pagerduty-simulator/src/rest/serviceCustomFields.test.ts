import { PagerDutySimulator, startPagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';
import { client } from '../testing/client';

describe('REST: service custom fields', () => {
  let sim: PagerDutySimulator;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    sim = await startPagerDutySimulator({ port: 0, rateLimits: false });
    api = client(sim.url);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  const values = (serviceId: string) =>
    api.get(`/services/${serviceId}/custom_fields/values`);

  it('lists the seeded fields, with their options on request', async () => {
    const plain = await api.get('/services/custom_fields');
    expect(plain.status).toBe(200);
    expect(plain.json.fields.map((f: any) => f.name)).toEqual([
      'backstage_owner',
      'backstage_system',
      'lifecycle',
    ]);
    expect(plain.json.fields[2].field_options).toBeUndefined();
    const withOptions = await api.get(
      '/services/custom_fields?include[]=field_options',
    );
    expect(
      withOptions.json.fields[2].field_options.map((o: any) => o.data.value),
    ).toEqual(['experimental', 'production', 'deprecated']);
  });

  it('sets values by name or id, clears with null, and applies all or nothing', async () => {
    const set = await api.put(
      `/services/${SEED.services.checkout}/custom_fields/values`,
      {
        custom_fields: [
          { name: 'backstage_owner', value: 'group:default/payments' },
          { id: SEED.customFields.lifecycle, value: 'production' },
        ],
      },
    );
    expect(set.status).toBe(201);
    const byName = (body: any) =>
      Object.fromEntries(body.custom_fields.map((f: any) => [f.name, f.value]));
    expect(byName((await values(SEED.services.checkout)).json)).toEqual({
      backstage_owner: 'group:default/payments',
      backstage_system: null,
      lifecycle: 'production',
    });

    // One bad item: nothing changes.
    const bad = await api.put(
      `/services/${SEED.services.checkout}/custom_fields/values`,
      {
        custom_fields: [
          { name: 'backstage_owner', value: 'group:default/other' },
          { name: 'lifecycle', value: 'legacy' },
        ],
      },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain(
      'lifecycle must be one of experimental, production, deprecated',
    );
    const unknown = await api.put(
      `/services/${SEED.services.checkout}/custom_fields/values`,
      { custom_fields: [{ name: 'nope', value: 'x' }] },
    );
    expect(unknown.status).toBe(400);
    expect(byName((await values(SEED.services.checkout)).json)).toMatchObject({
      backstage_owner: 'group:default/payments',
      lifecycle: 'production',
    });

    await api.put(`/services/${SEED.services.checkout}/custom_fields/values`, {
      custom_fields: [{ name: 'lifecycle', value: null }],
    });
    expect(
      byName((await values(SEED.services.checkout)).json).lifecycle,
    ).toBeNull();
    expect((await values('PNOPE00')).status).toBe(404);
  });

  it('creates fields with PagerDuty rules for names, types and options', async () => {
    const created = await api.post('/services/custom_fields', {
      field: {
        name: 'tier',
        display_name: 'Tier',
        data_type: 'integer',
        field_type: 'single_value',
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.field).toMatchObject({ name: 'tier', enabled: true });
    for (const field of [
      {
        name: 'Tier!',
        display_name: 'x',
        data_type: 'string',
        field_type: 'single_value',
      },
      {
        name: 'tier',
        display_name: 'x',
        data_type: 'string',
        field_type: 'single_value',
      },
      {
        name: 'zone',
        display_name: 'x',
        data_type: 'string',
        field_type: 'single_value_fixed',
      },
      {
        name: 'zone',
        display_name: 'x',
        data_type: 'text',
        field_type: 'single_value',
      },
    ]) {
      expect(
        (await api.post('/services/custom_fields', { field })).status,
      ).toBe(400);
    }
    const wrongType = await api.put(
      `/services/${SEED.services.search}/custom_fields/values`,
      { custom_fields: [{ name: 'tier', value: 'one' }] },
    );
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.json)).toContain('tier must be an integer');
  });
});
