import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { pagerDutyClientServiceRef } from '@backstage-pagerduty/plugin-pagerduty-node';
import { createRouter } from './router/createRouter';
import { CardDataService } from './services/CardDataService';
import { EntityResolver } from './services/EntityResolver';
import { HealthService } from './services/HealthService';

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
      },
      async init({ httpAuth, httpRouter, logger, catalog, pagerDuty }) {
        const resolver = new EntityResolver(catalog, pagerDuty);
        httpRouter.use(
          await createRouter({
            httpAuth,
            logger,
            cardData: new CardDataService(resolver),
            health: new HealthService(pagerDuty),
          }),
        );
      },
    });
  },
});
