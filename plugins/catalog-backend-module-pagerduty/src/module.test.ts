import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  DeferredEntity,
  EntityProvider,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  DefaultEventsService,
  EventsService,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import request from 'supertest';
import { catalogModulePagerDuty } from './module';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const component = (
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const ENTITIES: Entity[] = [
  component('checkout-api', 'payments-team', {
    'pagerduty.com/service-id': SEED.services.checkout,
  }),
  component('shipping', 'platform-team'),
  component('notifications', 'platform-team'),
  component('auth-gateway', 'platform-team'),
  component('search-indexer', 'search-team'),
  component('payment-gateway', 'payments-team', {
    'pagerduty.com/integration-key': SEED.integrationKeys.payments,
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  component('ledger', 'payments-team'),
];

describe.each(databases.eachSupportedId())('catalog module on %p', dbId => {
  let sim: PagerDutySimulator;
  beforeAll(async () => {
    sim = await startPagerDutySimulator({ port: 0, services: 250 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  async function start(options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    removeIntegrationKeys?: boolean;
    ingest?: boolean;
  }) {
    const processors: CatalogProcessor[] = [];
    const mutations: DeferredEntity[][] = [];
    const catalog = catalogServiceMock.mock({});
    const mock = catalogServiceMock({ entities: ENTITIES });
    catalog.queryEntities.mockImplementation((req, opts) =>
      mock.queryEntities(req, opts),
    );
    catalog.getEntityByRef.mockImplementation((ref, opts) =>
      mock.getEntityByRef(ref, opts),
    );
    catalog.refreshEntity.mockResolvedValue();
    const auditEvents: Array<{ eventId: string; outcome?: string }> = [];
    const auditor = mockServices.auditor.mock({
      createEvent: async ({ eventId }) => ({
        success: async () => {
          auditEvents.push({ eventId, outcome: 'success' });
        },
        fail: async () => {
          auditEvents.push({ eventId, outcome: 'fail' });
        },
      }),
    });
    const events = DefaultEventsService.create({
      logger: mockServices.logger.mock(),
      useEventBus: 'never',
    }).forPlugin('catalog');
    const backend = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addProcessor: (...p: any[]) => processors.push(...p.flat()),
            addEntityProvider: (...p: any[]) => {
              for (const provider of p.flat() as EntityProvider[]) {
                provider.connect({
                  applyMutation: async m => {
                    if (m.type === 'full') mutations.push(m.entities);
                  },
                  refresh: async () => {},
                });
              }
            },
            addPlaceholderResolver: () => {},
            setOnProcessingErrorHandler: () => {},
          },
        ],
      ],
      features: [
        catalogModulePagerDuty,
        mockServices.database.factory({ knex: await databases.init(dbId) }),
        mockServices.rootConfig.factory({
          data: {
            pagerDuty: {
              accounts: [
                {
                  id: 'main',
                  isDefault: true,
                  apiToken: 'pdsim_demo_token_0123456789',
                  apiBaseUrl: sim.url,
                  eventsBaseUrl: sim.url,
                },
              ],
              catalog: {
                schedule: {
                  frequency: { hours: 1 },
                  timeout: { minutes: 1 },
                  initialDelay: { hours: 1 },
                },
                removeIntegrationKeys: options.removeIntegrationKeys ?? false,
                ingest: { enabled: options.ingest ?? false },
              },
            },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.user('user:default/admin'),
        }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        catalog.factory,
        auditor.factory,
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => events,
        }),
        // Runs the scheduled tasks (the first sync cycle) once at start.
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
      ].filter(Boolean) as any[],
    });
    const server = backend.server;
    // The first cycle runs as a scheduled task at start: wait until it has stored the states.
    for (let i = 0; i < 100; i++) {
      const list = await request(server).get(
        '/api/catalog/pagerduty/mapping/services',
      );
      if (list.body.services?.length === 250) break;
      await new Promise(r => setTimeout(r, 50));
    }
    const processor = processors[0];
    const process = (e: Entity) =>
      processor.preProcessEntity!(
        JSON.parse(JSON.stringify(e)),
        { type: 'url', target: 'x' },
        () => {},
        { type: 'url', target: 'x' },
        undefined as any,
      );
    return {
      backend,
      server,
      catalog,
      process,
      auditEvents,
      mutations,
      events: events as EventsService,
    };
  }

  it('syncs every service in services / 100 requests and maps them without YAML', async () => {
    const { backend, server, catalog, process } = await start({});
    const before = { ...sim.stats() };
    // The cycle had the catalog reprocess the entities it linked, not all of them.
    expect(catalog.refreshEntity.mock.calls.map(c => c[0]).sort()).toEqual([
      'component:default/notifications',
      'component:default/shipping',
    ]);
    const sync = await request(server).get(
      '/api/catalog/pagerduty/mapping/sync',
    );
    expect(sync.body.accounts).toEqual([
      expect.objectContaining({
        account: 'main',
        services: 250,
        requests: 3,
        error: null,
      }),
    ]);
    const list = await request(server).get(
      '/api/catalog/pagerduty/mapping/services',
    );
    const byName = (n: string) =>
      list.body.services.find((s: any) => s.name === n);
    expect(byName('Shipping')).toMatchObject({
      state: 'mapped',
      source: 'name',
      entityRef: 'component:default/shipping',
    });
    expect(byName('Checkout API')).toMatchObject({
      state: 'mapped',
      source: 'annotation',
      entityRef: 'component:default/checkout-api',
    });
    expect(byName('Payments')).toMatchObject({
      state: 'mapped',
      source: 'integration-key',
      entityRef: 'component:default/payment-gateway',
    });
    // PagerDuty team "Search" ↔ catalog Group search-team, related names.
    expect(byName('Search')).toMatchObject({
      state: 'suggested',
      candidates: [
        { entityRef: 'component:default/search-indexer', reasons: ['team'] },
      ],
    });
    expect(byName('Identity')).toMatchObject({ state: 'unmapped' });
    const shipping = await process(ENTITIES[1]);
    expect(shipping.metadata.annotations).toMatchObject({
      'pagerduty.com/service-id': byName('Shipping').serviceId,
      'pagerduty.com/mapped-by': 'name',
    });
    // Processing entities costs no PagerDuty request.
    for (const e of ENTITIES) await process(e);
    expect(sim.stats().total).toBe(before.total);
    await backend.stop();
  });

  it('follows service.created and service.deleted events between cycles', async () => {
    const { backend, server, events } = await start({});
    const services = async () =>
      (await request(server).get('/api/catalog/pagerduty/mapping/services'))
        .body.services as Array<{
        serviceId: string;
        state: string;
        entityRef?: string;
      }>;
    const waitFor = async <T>(check: () => Promise<T | undefined>) => {
      for (let i = 0; i < 100; i++) {
        const value = await check();
        if (value !== undefined) return value;
        await new Promise(r => setTimeout(r, 50));
      }
      throw new Error('timed out');
    };
    const created = await fetch(`${sim.url}/services`, {
      method: 'POST',
      headers: {
        Authorization: 'Token token=pdsim_demo_token_0123456789',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        service: {
          type: 'service',
          name: 'Ledger',
          escalation_policy: {
            id: 'PEPPAY1',
            type: 'escalation_policy_reference',
          },
        },
      }),
    }).then(r => r.json());
    const serviceId: string = created.service.id;
    const before = sim.stats().total;
    await events.publish({
      topic: 'pagerduty.service',
      eventPayload: {
        account: 'main',
        eventType: 'service.created',
        serviceId,
      },
    });
    const ledger = await waitFor(async () =>
      (await services()).find(s => s.serviceId === serviceId),
    );
    // Mapped by name to the Component "ledger", with one request to PagerDuty.
    expect(ledger).toMatchObject({
      state: 'mapped',
      entityRef: 'component:default/ledger',
    });
    expect(sim.stats().total - before).toBe(1);

    // A malformed event changes nothing.
    await events.publish({
      topic: 'pagerduty.service',
      eventPayload: { account: 'main', eventType: 'service.exploded' },
    });
    await fetch(`${sim.url}/services/${serviceId}`, {
      method: 'DELETE',
      headers: { Authorization: 'Token token=pdsim_demo_token_0123456789' },
    });
    await events.publish({
      topic: 'pagerduty.service',
      eventPayload: {
        account: 'main',
        eventType: 'service.deleted',
        serviceId,
      },
    });
    await waitFor(async () =>
      (await services()).some(s => s.serviceId === serviceId)
        ? undefined
        : true,
    );
    expect((await services()).length).toBe(250);
    await backend.stop();
  });

  it('maps from the admin route: audited, refreshes the entity, and the processor links it', async () => {
    const { backend, server, catalog, process, auditEvents } = await start({});
    const list = await request(server).get(
      '/api/catalog/pagerduty/mapping/services?query=identity',
    );
    const identity = list.body.services[0];
    const res = await request(server)
      .post('/api/catalog/pagerduty/mapping/decisions')
      .send({
        action: 'accept',
        account: 'main',
        serviceId: identity.serviceId,
        entityRef: 'component:default/auth-gateway',
      });
    expect(res.status).toBe(200);
    expect(res.body.service).toMatchObject({
      state: 'mapped',
      source: 'manual',
      entityRef: 'component:default/auth-gateway',
    });
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'component:default/auth-gateway',
      expect.anything(),
    );
    expect(auditEvents).toEqual([
      { eventId: 'pagerduty-mapping-change', outcome: 'success' },
    ]);
    const processed = await process(ENTITIES[3]);
    expect(processed.metadata.annotations?.['pagerduty.com/service-id']).toBe(
      identity.serviceId,
    );

    const unmap = await request(server)
      .post('/api/catalog/pagerduty/mapping/decisions')
      .send({
        action: 'unmap',
        account: 'main',
        serviceId: identity.serviceId,
      });
    expect(unmap.body.service.state).toBe('unmapped');
    expect(
      (await process(ENTITIES[3])).metadata.annotations?.[
        'pagerduty.com/service-id'
      ],
    ).toBeUndefined();
    await backend.stop();
  });

  it('answers 400 for a bad body and 404 for an unknown entity or service, changing nothing', async () => {
    const { backend, server } = await start({});
    const bad = await request(server)
      .post('/api/catalog/pagerduty/mapping/decisions')
      .send({ action: 'map', account: 'main' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/serviceId/);
    const unknownEntity = await request(server)
      .post('/api/catalog/pagerduty/mapping/decisions')
      .send({
        action: 'map',
        account: 'main',
        serviceId: SEED.services.search,
        entityRef: 'component:default/nope',
      });
    expect(unknownEntity.status).toBe(404);
    const unknownService = await request(server)
      .post('/api/catalog/pagerduty/mapping/decisions')
      .send({
        action: 'map',
        account: 'main',
        serviceId: 'PNOPE00',
        entityRef: 'component:default/shipping',
      });
    expect(unknownService.status).toBe(404);
    const list = await request(server).get(
      '/api/catalog/pagerduty/mapping/services?state=mapped',
    );
    expect(list.body.services.every((s: any) => s.source !== 'manual')).toBe(
      true,
    );
    await backend.stop();
  });

  it('answers 403 without pagerduty.mapping.manage, and writes nothing', async () => {
    const { backend, server, catalog, auditEvents } = await start({
      permission: AuthorizeResult.DENY,
    });
    const before = await request(server).get(
      '/api/catalog/pagerduty/mapping/services',
    );
    catalog.refreshEntity.mockClear();
    const res = await request(server)
      .post('/api/catalog/pagerduty/mapping/decisions')
      .send({
        action: 'map',
        account: 'main',
        serviceId: SEED.services.search,
        entityRef: 'component:default/shipping',
      });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('pagerduty.mapping.manage');
    const after = await request(server).get(
      '/api/catalog/pagerduty/mapping/services',
    );
    expect(after.body).toEqual(before.body);
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
    expect(auditEvents).toEqual([
      { eventId: 'pagerduty-mapping-change', outcome: 'fail' },
    ]);
    const permission = await request(server).get(
      '/api/catalog/pagerduty/mapping/permission',
    );
    expect(permission.body).toEqual({ manage: false });
    await backend.stop();
  });

  it('with removeIntegrationKeys, replaces the integration key by its service', async () => {
    const { backend, process } = await start({ removeIntegrationKeys: true });
    const processed = await process(ENTITIES[5]);
    expect(processed.metadata.annotations).toEqual({
      'pagerduty.com/service-id': SEED.services.payments,
      'pagerduty.com/mapped-by': 'integration-key',
    });
    await backend.stop();
  });

  it('with ingest, makes unmapped services catalog Components owned by their team', async () => {
    const { backend, server, mutations } = await start({ ingest: true });
    const list = await request(server).get(
      '/api/catalog/pagerduty/mapping/services?state=unmapped',
    );
    expect(mutations).toHaveLength(1);
    const ingested = mutations[0].map(m => m.entity);
    expect(ingested).toHaveLength(list.body.services.length);
    const wiki = ingested.find(e => e.metadata.title === 'Internal Wiki')!;
    expect(wiki.metadata.annotations).toMatchObject({
      'pagerduty.com/service-id': SEED.services.noIntegration,
      'pagerduty.com/account': 'main',
      'pagerduty.com/mapped-by': 'ingest',
    });
    // PagerDuty team "Platform" ↔ the catalog's group platform-team.
    expect(wiki.spec?.owner).toBe('group:default/platform-team');
    await backend.stop();
  });
});
