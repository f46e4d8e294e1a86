import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { withTimeout } from '@backstage-pagerduty/plugin-pagerduty-node';
import express from 'express';
import Router from 'express-promise-router';
import { PagerDutyRouteError } from '../errors/PagerDutyRouteError';
import { CardDataService } from '../services/CardDataService';
import { EntityParams } from '../services/EntityResolver';
import { HealthService } from '../services/HealthService';
import { validateEntityParams } from './validation';

export interface ReadRoutesOptions {
  httpAuth: HttpAuthService;
  cardData: CardDataService;
  health: HealthService;
  /** Longest a request may take before it is answered 503 (ms). */
  deadlineMs?: number;
}

/** The card's read routes and the health check: thin handlers over the services. */
export function readRoutes(options: ReadRoutesOptions): express.Router {
  const { httpAuth, cardData, health } = options;
  const deadlineMs = options.deadlineMs ?? 30_000;
  const router = Router();
  const deadline = <T>(promise: Promise<T>) =>
    withTimeout(
      promise,
      deadlineMs,
      () =>
        new PagerDutyRouteError(
          503,
          'PAGERDUTY_UNAVAILABLE',
          `PagerDuty did not answer within ${
            deadlineMs >= 1000
              ? `${Math.round(deadlineMs / 1000)} s`
              : `${deadlineMs} ms`
          }`,
        ),
    );

  const entityRoute = (
    section: 'services' | 'incidents' | 'oncall' | 'change-events',
    load: (
      params: EntityParams,
      credentials: BackstageCredentials,
    ) => Promise<unknown>,
  ) =>
    router.get(
      `/entities/:kind/:namespace/:name/${section}`,
      async (req, res) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const params = validateEntityParams(req.params);
        res.json(await deadline(load(params, credentials)));
      },
    );

  entityRoute('services', (p, c) => cardData.services(p, c));
  entityRoute('incidents', (p, c) => cardData.incidents(p, c));
  entityRoute('oncall', (p, c) => cardData.onCall(p, c));
  entityRoute('change-events', (p, c) => cardData.changeEvents(p, c));

  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await deadline(health.check()));
  });

  return router;
}
