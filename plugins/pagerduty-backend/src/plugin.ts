import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { pagerDutyClientServiceRef } from '@backstage-pagerduty/plugin-pagerduty-node';
import { createRouter } from './router/createRouter';
import { CardDataService } from './services/CardDataService';
import { EntityResolver } from './services/EntityResolver';
import { HealthService } from './services/HealthService';
import { createWritePath } from './triggers/createWritePath';
import { WEBHOOKS_PATH, createWebhooks } from './webhooks';

/**
 * The PagerDuty backend plugin: narrow, authenticated routes under `/api/pagerduty`.
 * @public
 */
export const pagerDutyPlugin = createBackendPlugin({
  pluginId: 'pagerduty',
  register(env) {
    env.registerInit({
      deps: {
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        pagerDuty: pagerDutyClientServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        signals: signalsServiceRef,
      },
      async init({
        httpAuth,
        httpRouter,
        logger,
        catalog,
        pagerDuty,
        ...deps
      }) {
        const resolver = new EntityResolver(catalog, pagerDuty);
        // Live updates from PagerDuty webhooks. Mounted first: the receiver needs the raw body, before
        // the JSON parsers of the other routers. PagerDuty calls it without a Backstage
        // token; the webhook signature authenticates it.
        const webhooks = await createWebhooks({
          config: deps.config,
          logger,
          database: deps.database,
          httpAuth,
          pagerDuty,
          signals: deps.signals,
          scheduler: deps.scheduler,
          lifecycle: deps.lifecycle,
        });
        httpRouter.use(webhooks.router);
        httpRouter.addAuthPolicy({
          path: WEBHOOKS_PATH,
          allow: 'unauthenticated',
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            logger,
            cardData: new CardDataService(resolver),
            health: new HealthService(pagerDuty),
          }),
        );
        // Trigger outbox and incident actions.
        const writes = await createWritePath({
          ...deps,
          httpAuth,
          logger,
          catalog,
          pagerDuty,
          resolver,
        });
        httpRouter.use(writes.router);
      },
    });
  },
});
