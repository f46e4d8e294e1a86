import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { PagerDutyCardResponse } from '@backstage-pagerduty/plugin-pagerduty-common';
import { withTimeout } from '@backstage-pagerduty/plugin-pagerduty-node';
import express from 'express';
import Router from 'express-promise-router';
import { PagerDutyRouteError } from '../errors/PagerDutyRouteError';
import { CardDataService } from '../services/CardDataService';
import { EntityParams } from '../services/EntityResolver';
import { HealthService } from '../services/HealthService';
import { InputError } from '@backstage/errors';
import { errorAnswer } from './errorHandler';
import { MeService } from '../services/MeService';
import { InsightsService } from '../services/InsightsService';
import {
  validateCardSections,
  validateDays,
  validateEntityParams,
  validateIncidentId,
} from './validation';

/** Longest user-search query: a name or an email. */
const MAX_QUERY_LENGTH = 100;

function validateUserQuery(value: unknown): string {
  const query = typeof value === 'string' ? value.trim() : '';
  if (query.length < 2 || query.length > MAX_QUERY_LENGTH) {
    throw new InputError(
      `Invalid query parameter "query"; expected part of a name or email, 2 to ${MAX_QUERY_LENGTH} characters`,
    );
  }
  return query;
}

export interface ReadRoutesOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  cardData: CardDataService;
  health: HealthService;
  insights: InsightsService;
  me: MeService;
  /** Longest a request may take before it is answered 503 (ms). */
  deadlineMs?: number;
}

/** The card's read routes and the health check: thin handlers over the services. */
export function readRoutes(options: ReadRoutesOptions): express.Router {
  const { httpAuth, logger, cardData, health, insights, me } = options;
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
    section: 'services' | 'incidents' | 'oncall' | 'change-events' | 'insights',
    load: (
      params: EntityParams,
      credentials: BackstageCredentials,
      query: express.Request['query'],
    ) => Promise<unknown>,
  ) =>
    router.get(
      `/entities/:kind/:namespace/:name/${section}`,
      async (req, res) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const params = validateEntityParams(req.params);
        res.json(await deadline(load(params, credentials, req.query)));
      },
    );

  // The card's sections in one round trip: the entity is resolved once, each section is
  // loaded (under its own deadline) and answered as its own route would have answered it.
  router.get('/entities/:kind/:namespace/:name/card', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const params = validateEntityParams(req.params);
    const names = validateCardSections(req.query);
    const entity = await deadline(cardData.prepare(params, credentials));
    const sections = await Promise.all(
      names.map(name =>
        deadline(cardData.section(name, entity)).then(
          body => [name, { status: 200, body }] as const,
          error => [name, errorAnswer(error, req, logger)] as const,
        ),
      ),
    );
    const response: PagerDutyCardResponse = {
      sections: Object.fromEntries(sections),
      // Tells the card whether it may rely on signals or must poll at the normal interval.
      liveUpdates: { acrossReplicas: health.liveUpdatesAcrossReplicas() },
    };
    res.json(response);
  });

  entityRoute('services', (p, c) => cardData.services(p, c));
  entityRoute('incidents', (p, c) => cardData.incidents(p, c));
  entityRoute('oncall', (p, c) => cardData.onCall(p, c));
  entityRoute('change-events', (p, c) => cardData.changeEvents(p, c));
  entityRoute('insights', (p, c, q) =>
    insights.insights(p, c, validateDays(q.days)),
  );

  router.get(
    '/entities/:kind/:namespace/:name/incidents/:incidentId',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const params = validateEntityParams(req.params);
      const incidentId = validateIncidentId(req.params.incidentId);
      res.json(
        await deadline(
          cardData.incidentDetails(params, incidentId, credentials),
        ),
      );
    },
  );

  router.get('/entities/:kind/:namespace/:name/users', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const params = validateEntityParams(req.params);
    const query = validateUserQuery(req.query.query);
    res.json(await deadline(cardData.searchUsers(params, query, credentials)));
  });

  // The signed-in user's own view, for the home page widgets: users only.
  router.get('/me/oncall', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await deadline(me.onCall(credentials)));
  });
  router.get('/me/services', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await deadline(me.services(credentials)));
  });

  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await deadline(health.check()));
  });

  return router;
}
