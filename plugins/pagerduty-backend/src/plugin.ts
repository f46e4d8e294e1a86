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
  RootInstanceMetadataService,
  SchedulerService,
  UserInfoService,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  ActionsRegistryService,
  actionsRegistryServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';
import {
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import {
  PagerDutyServiceSignal,
  pagerDutyIncidentManagePermission,
  pagerDutyIncidentTriggerPermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyClientService,
  pagerDutyClientServiceRef,
  readPagerDutyBudgetOptions,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { registerPagerDutyActions } from './actions/registerPagerDutyActions';
import { readBackendConfig } from './config/readBackendConfig';
import { readSlaConfig } from './config/readSlaConfig';
import { migrateDatabase } from './database/migrations';
import { NotificationStore } from './database/NotificationStore';
import { OutboxStore } from './database/OutboxStore';
import { WebhookStore } from './database/WebhookStore';
import { createRouter } from './router/createRouter';
import { WEBHOOKS_PATH } from './router/webhookRoutes';
import { CardDataService } from './services/CardDataService';
import { EntityResolver } from './services/EntityResolver';
import { FromEmailResolver } from './services/FromEmailResolver';
import { HealthService } from './services/HealthService';
import { MeService } from './services/MeService';
import { InsightsService } from './services/InsightsService';
import { IncidentActionsService } from './services/IncidentActionsService';
import { LiveUpdates } from './services/LiveUpdates';
import { OutboxEventService } from './services/OutboxEventService';
import {
  OwnerNotifier,
  readNotificationSettings,
} from './services/OwnerNotifier';
import { SlaBreachCheck } from './services/SlaBreachCheck';
import { liveUpdatesAcrossReplicas } from './services/liveUpdatesAcrossReplicas';
import { TriggerService } from './services/TriggerService';
import { WebhookSubscriptionService } from './services/WebhookSubscriptionService';
import { TriggerWorker, TriggerWorkerOptions } from './triggers/TriggerWorker';
import { WebhookEventHandler } from './webhooks/WebhookEventHandler';
import { WebhookHealth, followWebhookHealth } from './webhooks/WebhookHealth';
import { WebhookReceiver } from './webhooks/WebhookReceiver';

/** Id of the scheduled task that sweeps the trigger outbox. */
export const TRIGGER_OUTBOX_TASK_ID = 'pagerduty-trigger-outbox';
/** Scheduled task that deletes expired webhook ids (one replica at a time). */
export const WEBHOOK_PRUNE_TASK_ID = 'pagerduty-webhook-ids-prune';
/** Scheduled task that reads, on each replica, when webhooks last arrived on any replica. */
export const WEBHOOK_HEALTH_TASK_ID = 'pagerduty-webhook-health';
/** Scheduled task that notifies owners of missed SLA targets (one replica at a time). */
export const SLA_CHECK_TASK_ID = 'pagerduty-sla-check';

/** What the plugin is built from: Backstage's services, and test seams. */
export interface PagerDutyBackendDeps {
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
  catalog: CatalogService;
  pagerDuty: PagerDutyClientService;
  signals?: SignalsService;
  /** Backstage's actions registry: the plugin's actions (`pagerduty:*`) are registered in it. */
  actionsRegistry?: ActionsRegistryService;
  /** Backstage notifications (to entity owners, when `pagerDuty.notifications.enabled`). */
  notifications?: NotificationService;
  /** Which plugins this backend runs (to tell whether events cross replicas). */
  instanceMetadata?: RootInstanceMetadataService;
  /** The events service: verified `service.*` webhooks are republished on `pagerduty.service`. */
  events?: EventsService;
  /** The clock of the webhook receiver and its health (tests). */
  now?: () => number;
  /** Called after each published signal (tests, benchmark). */
  onSignal?: (signal: PagerDutyServiceSignal) => void;
  /** Overrides of `pagerDuty.triggers` (tests). */
  workerOptions?: Partial<TriggerWorkerOptions>;
}

/**
 * The composition root of the plugin, and its only one: reads the config, migrates the
 * database once, builds the stores, the engines (trigger worker, webhook receiver) and the
 * services once, schedules the tasks, registers the permissions, and returns the router.
 */
export async function createPagerDutyBackend(deps: PagerDutyBackendDeps) {
  const { logger, pagerDuty } = deps;
  const now = deps.now ?? Date.now;
  const config = readBackendConfig(
    deps.config,
    pagerDuty.isConfigured() ? pagerDuty.accounts() : [],
  );
  const sla = readSlaConfig(deps.config);
  // The mapping permission belongs to the catalog module, whose routes check it.
  deps.permissionsRegistry?.addPermissions([
    pagerDutyIncidentTriggerPermission,
    pagerDutyIncidentManagePermission,
  ]);

  // Database: migrated once, shared by the stores.
  const knex = await migrateDatabase(deps.database);
  const outbox = new OutboxStore(knex);
  const webhookStore = new WebhookStore(knex);
  const notificationStore = new NotificationStore(knex, now);

  // Services.
  const liveUpdates = new LiveUpdates({
    pagerDuty,
    signals: deps.signals,
    onSignal: deps.onSignal,
  });
  const resolver = new EntityResolver(deps.catalog, pagerDuty, {
    readCacheTtlMs: config.entityCacheTtlMs,
    now: deps.now,
    maxServicesPerEntity: readPagerDutyBudgetOptions(deps.config)
      .maxServicesPerEntity,
  });
  const notifier = new OwnerNotifier({
    settings: readNotificationSettings(deps.config),
    notifications: deps.notifications,
    catalog: deps.catalog,
    store: notificationStore,
    logger,
    auth: deps.auth,
    appBaseUrl: config.appBaseUrl,
  });
  const fromEmail = new FromEmailResolver({
    auth: deps.auth,
    userInfo: deps.userInfo,
    catalog: deps.catalog,
    defaultFromEmail: config.defaultFromEmail,
  });
  // Metrics of the plugin's own machinery (the PagerDuty client records requests and cache).
  const telemetry = pagerDuty.telemetry?.();
  telemetry?.observeOutbox(async () => {
    const backlog = await outbox.backlog();
    return {
      depth: backlog.depth,
      oldestAgeSeconds:
        backlog.oldestCreatedAt === undefined
          ? 0
          : Math.max(0, (now() - backlog.oldestCreatedAt) / 1000),
    };
  });
  const triggers = new TriggerService({
    resolver,
    catalog: deps.catalog,
    permissions: deps.permissions,
    store: outbox,
    fromEmail,
    auditor: deps.auditor,
    liveUpdates,
    appBaseUrl: config.appBaseUrl,
    logger,
  });
  const outboxEvents = new OutboxEventService({
    resolver,
    permissions: deps.permissions,
    store: outbox,
    fromEmail,
  });
  const incidents = new IncidentActionsService({
    resolver,
    permissions: deps.permissions,
    fromEmail,
    liveUpdates,
    logger,
  });

  // The trigger outbox worker: each instance delivers (local scope); row locks keep
  // replicas off each other's rows. It stops, finishing deliveries in flight, at shutdown.
  const worker = new TriggerWorker(
    outbox,
    pagerDuty,
    logger.child({ task: TRIGGER_OUTBOX_TASK_ID }),
    {
      ...config.triggers,
      severityUrgency: sla.severityUrgency,
      ...deps.workerOptions,
    },
    outcome => {
      telemetry?.triggerDelivered({
        seconds: Math.max(0, (now() - outcome.record.createdAt) / 1000),
        outcome: outcome.status,
      });
      return triggers.reportDelivery(outcome);
    },
  );
  triggers.onQueued = () => worker.kick();
  outboxEvents.onQueued = () => worker.kick();
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

  // Webhooks: the receiver, the handler, de-duplication cleanup, and the incidents TTL that
  // follows the webhooks' health.
  const health = new WebhookHealth(
    config.webhooks.healthyWindowSeconds * 1000,
    now,
  );
  const handler = new WebhookEventHandler({
    pagerDuty,
    events: deps.events,
    liveUpdates,
    notifier,
    telemetry,
    now,
    logger: logger.child({ component: 'pagerduty-webhooks' }),
  });
  const receiver = new WebhookReceiver({
    config: config.webhooks,
    logger,
    store: webhookStore,
    handler,
    health,
    now,
  });
  const webhookAccounts = followWebhookHealth(
    pagerDuty,
    config.webhooks,
    health,
  );
  if (webhookAccounts.length) {
    logger.info(
      `PagerDuty webhooks: receiving at /api/pagerduty${WEBHOOKS_PATH} for ${webhookAccounts.join(
        ', ',
      )}`,
    );
  }
  await deps.scheduler.scheduleTask({
    id: WEBHOOK_PRUNE_TASK_ID,
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const pruned = await webhookStore.prune(now());
      if (pruned) logger.debug(`Pruned ${pruned} expired webhook ids`);
    },
  });
  if (webhookAccounts.length) {
    await deps.scheduler.scheduleTask({
      id: WEBHOOK_HEALTH_TASK_ID,
      scope: 'local',
      frequency: { seconds: 30 },
      timeout: { seconds: 25 },
      initialDelay: { seconds: 1 },
      fn: async () => health.merge(await webhookStore.lastReceived()),
    });
  }
  deps.lifecycle.addShutdownHook(() => handler.idle());

  const cardData = new CardDataService(resolver, undefined, sla.targets);

  // Actions for AI agents and other plugins: the same services as the routes.
  if (deps.actionsRegistry) {
    registerPagerDutyActions({
      actionsRegistry: deps.actionsRegistry,
      auditor: deps.auditor,
      cardData,
      triggers,
      incidents,
      outboxEvents,
    });
  }

  // Owner notifications of missed SLA targets: one replica at a time, once per incident.
  if (notifier.enabled && sla.targets) {
    const check = new SlaBreachCheck({
      catalog: deps.catalog,
      auth: deps.auth,
      pagerDuty,
      notifier,
      sla: sla.targets,
      logger,
      now,
    });
    await deps.scheduler.scheduleTask({
      id: SLA_CHECK_TASK_ID,
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 30 },
      fn: async () => {
        await check.run();
        await notificationStore.prune(30 * 24 * 3_600_000);
      },
    });
  }

  const router = createRouter({
    logger,
    httpAuth: deps.httpAuth,
    auditor: deps.auditor,
    cardData,
    insights: new InsightsService(resolver, sla.targets),
    me: new MeService({
      pagerDuty,
      fromEmail,
      userInfo: deps.userInfo,
      catalog: deps.catalog,
      cardData,
    }),
    health: new HealthService(
      pagerDuty,
      undefined,
      undefined,
      await liveUpdatesAcrossReplicas(deps.config, deps.instanceMetadata),
      { accounts: webhookAccounts, health },
    ),
    triggers,
    incidents,
    outboxEvents,
    receiver,
    subscriptions: new WebhookSubscriptionService({
      config: deps.config,
      logger,
      pagerDuty,
    }),
  });
  return {
    router,
    worker,
    outbox,
    webhookStore,
    handler,
    health,
    notifier,
  };
}

/**
 * The PagerDuty backend plugin: narrow, authenticated routes under `/api/pagerduty`.
 * @public
 */
export const pagerDutyPlugin = createBackendPlugin({
  pluginId: 'pagerduty',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        pagerDuty: pagerDutyClientServiceRef,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
        instanceMetadata: coreServices.rootInstanceMetadata,
        events: eventsServiceRef,
      },
      async init({ httpRouter, ...deps }) {
        const backend = await createPagerDutyBackend(deps);
        httpRouter.use(backend.router);
        // PagerDuty calls the receiver without a Backstage token; the signature authenticates it.
        httpRouter.addAuthPolicy({
          path: WEBHOOKS_PATH,
          allow: 'unauthenticated',
        });
      },
    });
  },
});
