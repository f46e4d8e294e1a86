import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { pagerDutyMappingManagePermission } from '@backstage-pagerduty/plugin-pagerduty-common';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  PAGERDUTY_SERVICE_EVENTS_TOPIC,
  pagerDutyClientServiceRef,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { readMappingConfig } from './config/readMappingConfig';
import { MappingStore } from './database/MappingStore';
import { MappingSnapshot } from './mapping/MappingSnapshot';
import { PagerDutyMappingProcessor } from './processor/PagerDutyMappingProcessor';
import { createMappingRouter } from './router/createMappingRouter';
import { PagerDutyServiceEntityProvider } from './provider/PagerDutyServiceEntityProvider';
import { MappingService } from './service/MappingService';

const SYNC_TASK_ID = 'pagerduty-catalog-sync';

/**
 * Maps PagerDuty services to catalog entities: a scheduled sync of every account's services, a
 * mapping store in the catalog's database, a processor that links mapped entities, and the
 * admin routes under `/api/catalog/pagerduty/mapping`.
 * @public
 */
export const catalogModulePagerDuty = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'pagerduty',
  register({ registerInit }) {
    registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        processing: catalogProcessingExtensionPoint,
        pagerDuty: pagerDutyClientServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const config = readMappingConfig(deps.config);
        const defaultAccount = () =>
          deps.pagerDuty.accounts().find(a => a.isDefault)?.id ?? '';
        const snapshot = new MappingSnapshot(defaultAccount);
        deps.processing.addProcessor(
          new PagerDutyMappingProcessor({
            snapshot,
            kinds: config.kinds,
            removeIntegrationKeys: config.removeIntegrationKeys,
            defaultAccount,
          }),
        );
        deps.permissionsRegistry.addPermissions([
          pagerDutyMappingManagePermission,
        ]);
        if (!deps.pagerDuty.isConfigured()) {
          deps.logger.warn(
            'PagerDuty catalog mapping is idle: no PagerDuty account is configured',
          );
        }

        const ingest = config.ingest.enabled
          ? new PagerDutyServiceEntityProvider(config.ingest)
          : undefined;
        if (ingest) deps.processing.addEntityProvider(ingest);

        const store = await MappingStore.create(deps.database);
        const mapping = new MappingService({
          store,
          snapshot,
          pagerDuty: deps.pagerDuty,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
          config,
          ingest,
        });

        deps.httpRouter.use(
          createMappingRouter({
            mapping,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            triggerSync: () => deps.scheduler.triggerTask(SYNC_TASK_ID),
          }),
        );

        // Service changes between cycles: the PagerDuty backend republishes its service webhooks.
        await deps.events.subscribe({
          id: 'pagerduty-service-mapping',
          topics: [PAGERDUTY_SERVICE_EVENTS_TOPIC],
          onEvent: params => mapping.applyServiceEvent(params.eventPayload),
        });

        deps.lifecycle.addStartupHook(async () => {
          // This replica's snapshot, before the first cycle (another replica may have run it).
          await mapping.reloadSnapshot();
        });
        if (deps.pagerDuty.isConfigured()) {
          await deps.scheduler.scheduleTask({
            id: SYNC_TASK_ID,
            ...config.schedule,
            fn: async () => {
              const result = await mapping.sync();
              deps.logger.info(
                `PagerDuty catalog sync: ${result.services} services, ${result.entities} entities, ${result.requests} PagerDuty requests`,
              );
            },
          });
          // Every replica refreshes its snapshot from what the cycle (on any replica) stored.
          await deps.scheduler.scheduleTask({
            id: `${SYNC_TASK_ID}-snapshot`,
            scope: 'local',
            frequency: { seconds: 30 },
            timeout: { seconds: 30 },
            fn: () => mapping.reloadSnapshot(),
          });
        }
      },
    });
  },
});
