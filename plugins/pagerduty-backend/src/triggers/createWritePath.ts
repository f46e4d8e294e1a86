import {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  PagerDutyServiceSignal,
  pagerDutyPermissions,
  pagerDutyServiceSignalChannel,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import express from 'express';
import { openDatabase } from '../database/migrations';
import { FromEmailResolver } from '../incidents/FromEmailResolver';
import { IncidentActionsService } from '../incidents/IncidentActionsService';
import { ServiceChanged, createWriteRouter } from '../router/writeRoutes';
import { EntityResolver } from '../services/EntityResolver';
import { OutboxStore } from './OutboxStore';
import { TriggerService } from './TriggerService';
import {
  TriggerWorker,
  TriggerWorkerOptions,
  readTriggerWorkerOptions,
} from './TriggerWorker';

/** Id of the scheduled task that sweeps the trigger outbox. */
export const TRIGGER_OUTBOX_TASK_ID = 'pagerduty-trigger-outbox';

export interface WritePathDeps {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry?: PermissionsRegistryService;
  auditor: AuditorService;
  signals?: SignalsService;
  catalog: CatalogService;
  pagerDuty: PagerDutyClientService;
  resolver: EntityResolver;
  /** Overrides of `pagerDuty.triggers` (tests). */
  workerOptions?: Partial<TriggerWorkerOptions>;
}

/**
 * The write path of the plugin: the outbox and its worker, the incident actions and their
 * routes. The worker starts with the backend and stops (finishing deliveries in flight)
 * before it shuts down.
 */
export async function createWritePath(deps: WritePathDeps): Promise<{
  router: express.Router;
  worker: TriggerWorker;
  store: OutboxStore;
}> {
  const { config, logger, pagerDuty, auditor, signals } = deps;
  deps.permissionsRegistry?.addPermissions(pagerDutyPermissions);

  const knex = await openDatabase(deps.database);
  const store = new OutboxStore(knex);

  const serviceChanged: ServiceChanged = async change => {
    const client = pagerDuty.forAccount(change.account);
    await client.invalidateService(change.serviceId, ['incidents', 'service']);
    if (signals) {
      const message: PagerDutyServiceSignal = {
        account: change.account,
        serviceId: change.serviceId,
        eventType: change.eventType,
        sections: ['incidents', 'services'],
        ...(change.incidentId ? { incidentId: change.incidentId } : {}),
      };
      await signals.publish({
        recipients: { type: 'broadcast' },
        channel: pagerDutyServiceSignalChannel(
          change.account,
          change.serviceId,
        ),
        message: message as unknown as JsonObject,
      });
    }
  };

  const options = {
    ...readTriggerWorkerOptions(config),
    ...deps.workerOptions,
  };
  const worker = new TriggerWorker(
    store,
    pagerDuty,
    logger.child({ task: TRIGGER_OUTBOX_TASK_ID }),
    options,
    async outcome => {
      const { record } = outcome;
      const event = await auditor.createEvent({
        eventId: 'incident-trigger-delivery',
        severityLevel: 'medium',
        meta: {
          triggerId: record.id,
          entityRef: record.entityRef,
          dedupKey: record.dedupKey,
          triggeredBy: record.triggeredBy,
          attempts: record.attempts,
          ...(record.serviceId ? { serviceId: record.serviceId } : {}),
          ...(outcome.incidentId ? { incidentId: outcome.incidentId } : {}),
        },
      });
      if (outcome.status === 'failed') {
        await event.fail({ error: new Error(outcome.error) });
        return;
      }
      await event.success();
      if (record.serviceId) {
        await serviceChanged({
          account: record.account,
          serviceId: record.serviceId,
          eventType: 'incident.triggered',
          incidentId: outcome.incidentId,
        });
      }
    },
  );

  const fromEmail = new FromEmailResolver({
    auth: deps.auth,
    userInfo: deps.userInfo,
    catalog: deps.catalog,
    defaultFromEmail: config.getOptionalString('pagerDuty.defaultFromEmail'),
  });
  const triggers = new TriggerService({
    resolver: deps.resolver,
    catalog: deps.catalog,
    permissions: deps.permissions,
    store,
    fromEmail,
    appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
    logger,
    onQueued: () => worker.kick(),
  });
  const incidents = new IncidentActionsService({
    resolver: deps.resolver,
    permissions: deps.permissions,
    fromEmail,
  });

  // Each instance delivers (local scope); row locks keep replicas off each other's rows.
  await deps.scheduler.scheduleTask({
    id: TRIGGER_OUTBOX_TASK_ID,
    scope: 'local',
    frequency: { seconds: 10 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 1 },
    fn: async () => {
      await worker.drain();
      await worker.prune();
    },
  });
  deps.lifecycle.addStartupHook(() => worker.kick());
  deps.lifecycle.addShutdownHook(() => worker.stop());

  const router = await createWriteRouter({
    httpAuth: deps.httpAuth,
    auditor,
    logger,
    triggers,
    incidents,
    serviceChanged,
  });
  return { router, worker, store };
}
