import { randomUUID } from 'node:crypto';
import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { PagerDutyRouteError } from '../errors/errors';
import { CardDataService } from '../services/CardDataService';
import { validateEntityParams } from '../services/EntityResolver';
import { HealthService } from '../services/HealthService';

/** Errors Backstage's own error handler answers well; anything else is unexpected. */
const KNOWN_ERRORS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'ServiceUnavailableError',
  'PagerDutyError',
]);

export interface RouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  cardData: CardDataService;
  health: HealthService;
  /** Longest a request may take before it is answered 503 (ms). */
  deadlineMs?: number;
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PagerDutyRouteError(
            503,
            'PAGERDUTY_UNAVAILABLE',
            `PagerDuty did not answer within ${Math.round(ms / 1000)} s`,
          ),
        ),
      ms,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** The HTTP API of the PagerDuty backend plugin: thin handlers over the services. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, logger, cardData, health } = options;
  const deadlineMs = options.deadlineMs ?? 30_000;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  const entityRoute = (
    section: 'services' | 'incidents' | 'oncall' | 'change-events',
    load: (
      params: ReturnType<typeof validateEntityParams>,
      credentials: Awaited<ReturnType<HttpAuthService['credentials']>>,
    ) => Promise<unknown>,
  ) =>
    router.get(
      `/entities/:kind/:namespace/:name/${section}`,
      async (req, res) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const params = validateEntityParams(req.params);
        res.json(await withDeadline(load(params, credentials), deadlineMs));
      },
    );

  entityRoute('services', (p, c) => cardData.services(p, c));
  entityRoute('incidents', (p, c) => cardData.incidents(p, c));
  entityRoute('oncall', (p, c) => cardData.onCall(p, c));
  entityRoute('change-events', (p, c) => cardData.changeEvents(p, c));

  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await withDeadline(health.check(), deadlineMs));
  });

  // Unexpected errors: a 500 that names a request id, with the details in the log only.
  router.use(
    (
      error: Error,
      req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      if (KNOWN_ERRORS.has(error?.name)) {
        next(error);
        return;
      }
      const requestId = randomUUID();
      logger.error(
        `Unexpected error in ${req.method} ${req.path} (request ${requestId})`,
        error,
      );
      const wrapped = new Error(`Unexpected error; request id ${requestId}`);
      wrapped.name = 'PagerDutyInternalError';
      next(wrapped);
    },
  );

  return router;
}
