import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEMO_TOKEN,
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { DefaultPagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import { readMappingConfig } from '../config/readMappingConfig';
import { MappingStore } from '../database/MappingStore';
import { MappingSnapshot } from '../mapping/MappingSnapshot';
import { PagerDutyMappingProcessor } from '../processor/PagerDutyMappingProcessor';
import { MappingService } from './MappingService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const component = (
  name: string,
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {},
  dependsOn: string[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', ...spec },
  relations: dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
});

const ENTITIES: Entity[] = [
  component(
    'checkout-api',
    { owner: 'group:default/payments', system: 'shop' },
    {
      'pagerduty.com/service-id': SEED.services.checkout,
      'github.com/project-slug': 'acme/checkout',
    },
    ['component:default/payment-gateway', 'component:default/not-mapped'],
  ),
  component(
    'payment-gateway',
    { owner: 'group:default/payments', lifecycle: 'experimental' },
    { 'pagerduty.com/service-id': SEED.services.payments },
  ),
  component(
    'search',
    { owner: 'group:default/search', lifecycle: 'legacy' },
    { 'pagerduty.com/service-id': SEED.services.search },
  ),
  component('not-mapped', { owner: 'group:default/x' }),
];

describe.each(databases.eachSupportedId())(
  'dependency and custom field sync on %p',
  dbId => {
    let sim: PagerDutySimulator;
    beforeAll(async () => {
      sim = await startPagerDutySimulator({ port: 0, rateLimits: false });
    });
    afterAll(() => sim.stop());
    beforeEach(() => sim.reset());

    async function setUp(
      catalogConfig: object,
      entities = ENTITIES,
      /** The database of an earlier set-up: what it synced is remembered. */
      options: { reuse?: Knex } = {},
    ) {
      const knex = options.reuse ?? (await databases.init(dbId));
      const config = new ConfigReader({
        pagerDuty: {
          apiToken: DEMO_TOKEN,
          apiBaseUrl: sim.url,
          eventsBaseUrl: sim.url,
          client: { maxRetries: 0 },
          catalog: catalogConfig,
        },
      });
      const logger = mockServices.logger.mock();
      const pagerDuty = DefaultPagerDutyClientService.fromConfig(config, {
        logger,
        cache: mockServices.cache.mock(),
      });
      const snapshot = new MappingSnapshot(() => 'default');
      const catalog = catalogServiceMock.mock();
      const mock = catalogServiceMock({ entities });
      catalog.queryEntities.mockImplementation((req, opts) =>
        mock.queryEntities(req, opts),
      );
      catalog.getEntityByRef.mockImplementation((ref, opts) =>
        mock.getEntityByRef(ref, opts),
      );
      catalog.refreshEntity.mockResolvedValue();
      const mapping = new MappingService({
        store: await MappingStore.create({ getClient: async () => knex }),
        snapshot,
        pagerDuty,
        catalog,
        auth: mockServices.auth(),
        logger,
        config: readMappingConfig(config),
      });
      const processor = new PagerDutyMappingProcessor({
        snapshot,
        kinds: ['Component'],
        removeIntegrationKeys: false,
        defaultAccount: () => 'default',
      });
      return { mapping, processor, catalog, knex };
    }

    const dependenciesOf = (serviceId: string) =>
      [...sim.state.serviceDependencies.values()]
        .filter(d => d.dependentId === serviceId)
        .map(d => d.supportingId);

    it('writes dependsOn to PagerDuty once, and removes only what it wrote', async () => {
      // Made by a person in PagerDuty: never removed.
      sim.state.serviceDependencies.set('DMANUAL', {
        id: 'DMANUAL',
        dependentId: SEED.services.checkout,
        supportingId: SEED.services.search,
      });
      const { mapping, knex } = await setUp({
        dependencies: { direction: 'to-pagerduty' },
      });
      const first = await mapping.sync();
      expect(first.accounts[0].dependencies).toEqual({
        read: 0,
        associated: 1,
        disassociated: 0,
        errors: [],
      });
      expect(dependenciesOf(SEED.services.checkout).sort()).toEqual(
        [SEED.services.payments, SEED.services.search].sort(),
      );
      // Nothing changed: the next cycle sends no dependency request.
      const before = sim.stats().byRoute;
      await mapping.sync();
      const after = sim.stats().byRoute;
      expect(after['POST /service_dependencies/associate']).toBe(
        before['POST /service_dependencies/associate'],
      );

      // checkout-api no longer depends on payment-gateway.
      const { mapping: later } = await setUp(
        { dependencies: { direction: 'to-pagerduty' } },
        [{ ...ENTITIES[0], relations: [] }, ...ENTITIES.slice(1)],
        { reuse: knex },
      );
      // The writes of the first cycle are remembered in the database.
      const third = await later.sync();
      expect(third.accounts[0].dependencies).toMatchObject({
        associated: 0,
        disassociated: 1,
      });
      expect(dependenciesOf(SEED.services.checkout)).toEqual([
        SEED.services.search,
      ]);
    });

    it('turns PagerDuty dependencies into dependsOn relations of mapped entities', async () => {
      sim.state.serviceDependencies.set('DPAY', {
        id: 'DPAY',
        dependentId: SEED.services.checkout,
        supportingId: SEED.services.payments,
      });
      const { mapping, processor, catalog } = await setUp({
        dependencies: { direction: 'from-pagerduty', readsPerCycle: 2 },
      });
      const first = await mapping.sync();
      // Three mapped services, two reads per cycle: the rest waits for the next cycle.
      expect(first.accounts[0].dependencies?.read).toBe(2);
      const second = await mapping.sync();
      expect(second.accounts[0].dependencies?.read).toBe(2);
      const emitted: any[] = [];
      await processor.postProcessEntity(
        ENTITIES[0],
        { type: 'url', target: 'x' },
        result => emitted.push(result),
      );
      expect(emitted).toEqual([
        {
          type: 'relation',
          relation: {
            source: {
              kind: 'Component',
              namespace: 'default',
              name: 'checkout-api',
            },
            type: 'dependsOn',
            target: {
              kind: 'component',
              namespace: 'default',
              name: 'payment-gateway',
            },
          },
        },
        {
          type: 'relation',
          relation: {
            source: {
              kind: 'component',
              namespace: 'default',
              name: 'payment-gateway',
            },
            type: 'dependencyOf',
            target: {
              kind: 'Component',
              namespace: 'default',
              name: 'checkout-api',
            },
          },
        },
      ]);
      // The catalog was asked to reprocess the entity whose relations changed.
      expect(catalog.refreshEntity.mock.calls.map(c => c[0])).toContain(
        'component:default/checkout-api',
      );
    });

    it('writes custom fields once per change and logs per service, errors included', async () => {
      const { mapping } = await setUp({
        customFields: {
          backstage_owner: 'spec.owner',
          backstage_system: 'spec.system',
          lifecycle: 'spec.lifecycle',
        },
      });
      const first = await mapping.sync();
      // search's lifecycle "legacy" is not an option of the PagerDuty field.
      expect(first.accounts[0].fields).toEqual({
        written: 2,
        unchanged: 0,
        failed: 1,
      });
      const valuesOf = (serviceId: string) =>
        Object.fromEntries(
          [...(sim.state.serviceFieldValues.get(serviceId) ?? new Map())].map(
            ([id, value]) => [
              sim.state.serviceCustomFields.get(id)!.name,
              value,
            ],
          ),
        );
      expect(valuesOf(SEED.services.checkout)).toEqual({
        backstage_owner: 'group:default/payments',
        backstage_system: 'shop',
        lifecycle: 'production',
      });
      const list = await mapping.list({});
      const log = (id: string) =>
        list.services.find(s => s.serviceId === id)?.fieldSync;
      expect(log(SEED.services.checkout)).toMatchObject({
        entityRef: 'component:default/checkout-api',
        values: { backstage_system: 'shop' },
        syncedAt: expect.any(String),
        error: null,
      });
      expect(log(SEED.services.search)).toMatchObject({
        syncedAt: null,
        error: expect.stringContaining(
          'lifecycle must be one of experimental, production, deprecated',
        ),
      });

      const puts = () =>
        sim.stats().byRoute['PUT /services/{id}/custom_fields/values'] ?? 0;
      const before = puts();
      const second = await mapping.sync();
      // Unchanged values cost nothing; the failed service is tried again.
      expect(second.accounts[0].fields).toEqual({
        written: 0,
        unchanged: 2,
        failed: 1,
      });
      expect(puts() - before).toBe(1);
    });

    it('rejects a candidate of a name conflict, but not a YAML claim', async () => {
      const named = (namespace: string) => ({
        ...component('payments', { owner: 'group:default/payments' }),
        metadata: { name: 'payments', namespace },
      });
      const { mapping } = await setUp({}, [
        // Two entities carry the name of the "Payments" service.
        named('default'),
        named('shop'),
        // Two YAML claims of "Search".
        component(
          'search-a',
          {},
          { 'pagerduty.com/service-id': SEED.services.search },
        ),
        component(
          'search-b',
          {},
          { 'pagerduty.com/service-id': SEED.services.search },
        ),
      ]);
      await mapping.sync();
      const state = async (id: string) =>
        (await mapping.list({})).services.find(s => s.serviceId === id)!;
      expect(await state(SEED.services.payments)).toMatchObject({
        state: 'conflict',
      });
      expect(await state(SEED.services.search)).toMatchObject({
        state: 'conflict',
      });
      const result = await mapping.decide(
        {
          action: 'reject',
          account: 'default',
          serviceId: SEED.services.payments,
          entityRef: 'component:shop/payments',
        },
        'user:default/admin',
      );
      // The one name match left maps by name.
      expect(result.service).toMatchObject({
        state: 'mapped',
        source: 'name',
        entityRef: 'component:default/payments',
        rejected: ['component:shop/payments'],
      });
      await expect(
        mapping.decide(
          {
            action: 'reject',
            account: 'default',
            serviceId: SEED.services.search,
            entityRef: 'component:default/search-b',
          },
          'user:default/admin',
        ),
      ).rejects.toThrow(/annotation in its YAML/);
      expect((await state(SEED.services.search)).rejected).toEqual([]);
    });

    it('names a custom field missing in PagerDuty on every service, without writing', async () => {
      const { mapping } = await setUp({
        customFields: {
          repository: 'metadata.annotations.github.com/project-slug',
        },
      });
      const cycle = await mapping.sync();
      expect(cycle.accounts[0].fields).toMatchObject({ written: 0, failed: 3 });
      expect(
        sim.stats().byRoute['PUT /services/{id}/custom_fields/values'],
      ).toBeUndefined();
      const list = await mapping.list({});
      expect(
        list.services.find(s => s.serviceId === SEED.services.checkout)
          ?.fieldSync?.error,
      ).toContain('no enabled service custom field named "repository"');
    });
  },
);
