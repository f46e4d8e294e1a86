import { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { errorHandler } from './errorHandler';
import { ReadRoutesOptions, readRoutes } from './readRoutes';
import { checkPathParams } from './validation';
import { WebhookRoutesOptions, webhookRoutes } from './webhookRoutes';
import { WriteRoutesOptions, writeRoutes } from './writeRoutes';

export type RouterOptions = ReadRoutesOptions &
  WriteRoutesOptions &
  WebhookRoutesOptions & { logger: LoggerService };

/** The path parameters of every route; each is checked before any handler runs. */
const PATH_PARAMS = ['kind', 'namespace', 'name', 'incidentId', 'id'];

/**
 * All HTTP of the plugin under `/api/pagerduty`: the webhook routes (first: the receiver
 * reads the raw body), the card's read routes, the write routes, and after them the one
 * error middleware that answers for all of them.
 */
export function createRouter(options: RouterOptions): express.Router {
  const router = Router();
  const routers = [
    webhookRoutes(options),
    readRoutes(options),
    writeRoutes(options),
  ];
  for (const routes of routers) {
    checkPathParams(routes, PATH_PARAMS);
    router.use(routes);
  }
  router.use(errorHandler(options.logger));
  return router;
}
