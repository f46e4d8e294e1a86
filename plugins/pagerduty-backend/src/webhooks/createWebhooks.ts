import {
  DatabaseService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { PagerDutyServiceSignal } from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import express from 'express';
import Router from 'express-promise-router';
import { openDatabase } from '../database/migrations';
import { WebhookConfig, readWebhookConfig } from './config';
import { createWebhookRouter } from './createWebhookRouter';
import { createWebhookSubscriptionRouter } from './subscriptions';
import { WebhookEventHandler } from './WebhookEventHandler';
import { WebhookHealth } from './WebhookHealth';
import { WebhookStore } from './WebhookStore';

/** Scheduled task that deletes expired webhook ids (one replica at a time). */
export const WEBHOOK_PRUNE_TASK_ID = 'pagerduty-webhook-ids-prune';
/** Scheduled task that reads, on each replica, when webhooks last arrived on any replica. */
export const WEBHOOK_HEALTH_TASK_ID = 'pagerduty-webhook-health';

export interface WebhookDeps {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  httpAuth: HttpAuthService;
  pagerDuty: PagerDutyClientService;
  signals?: SignalsService;
  scheduler?: SchedulerService;
  lifecycle?: LifecycleService;
  now?: () => number;
  /** Called after each published signal (tests, benchmark). */
  onSignal?: (signal: PagerDutyServiceSignal) => void;
}

/**
 * Live updates from PagerDuty Webhooks v3 (issue #8): the receiver, the subscription set-up
 * route, the de-duplication store and its cleanup, and the incidents TTL that follows the
 * webhooks' health.
 */
export async function createWebhooks(deps: WebhookDeps): Promise<{
  router: express.Router;
  handler: WebhookEventHandler;
  store: WebhookStore;
  health: WebhookHealth;
  config: WebhookConfig;
}> {
  const { logger, pagerDuty } = deps;
  const now = deps.now ?? Date.now;
  const config = readWebhookConfig(deps.config);
  const knex = await openDatabase(deps.database);
  const store = new WebhookStore(knex);
  const health = new WebhookHealth(config.healthyWindowSeconds * 1000, now);
  const handler = new WebhookEventHandler({
    pagerDuty,
    signals: deps.signals,
    logger: logger.child({ component: 'pagerduty-webhooks' }),
    onSignal: deps.onSignal,
  });

  const accountsWithWebhooks = new Set(config.secrets.map(s => s.account));
  if (pagerDuty.isConfigured()) {
    for (const account of pagerDuty.accounts()) {
      if (!accountsWithWebhooks.has(account.id)) continue;
      pagerDuty
        .forAccount(account.id)
        .setIncidentsTtl(() =>
          health.isHealthy(account.id) ? config.incidentsTtlSeconds : undefined,
        );
    }
  }
  if (accountsWithWebhooks.size) {
    logger.info(
      `PagerDuty webhooks: receiving at /api/pagerduty/webhooks for ${[
        ...accountsWithWebhooks,
      ].join(', ')}`,
    );
  }

  if (deps.scheduler) {
    await deps.scheduler.scheduleTask({
      id: WEBHOOK_PRUNE_TASK_ID,
      frequency: { hours: 1 },
      timeout: { minutes: 5 },
      initialDelay: { minutes: 1 },
      fn: async () => {
        const pruned = await store.prune(now());
        if (pruned) logger.debug(`Pruned ${pruned} expired webhook ids`);
      },
    });
    if (accountsWithWebhooks.size) {
      await deps.scheduler.scheduleTask({
        id: WEBHOOK_HEALTH_TASK_ID,
        scope: 'local',
        frequency: { seconds: 30 },
        timeout: { seconds: 25 },
        initialDelay: { seconds: 1 },
        fn: async () => health.merge(await store.lastReceived()),
      });
    }
  }
  deps.lifecycle?.addShutdownHook(() => handler.idle());

  const router = Router();
  router.use(
    createWebhookRouter({ config, logger, store, handler, health, now }),
  );
  router.use(
    createWebhookSubscriptionRouter({
      config: deps.config,
      httpAuth: deps.httpAuth,
      logger,
      pagerDuty,
    }),
  );
  return { router, handler, store, health, config };
}
