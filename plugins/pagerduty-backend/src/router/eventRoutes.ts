import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  OutboxEventResponse,
  changeEventRequestSchema,
  incidentEventRequestSchema,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { toRouteError } from '../errors/toRouteError';
import { EntityParams } from '../services/EntityResolver';
import { OutboxEventService } from '../services/OutboxEventService';
import { jsonBody, parseBody, validateEntityParams } from './validation';

export interface EventRoutesOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  outboxEvents: OutboxEventService;
}

/**
 * Change events and acknowledge / resolve by dedup key (the pipeline contract; the card's
 * "Record a deploy"): validated here, queued in the outbox (202), audited.
 */
export function eventRoutes(options: EventRoutesOptions): express.Router {
  const { httpAuth, auditor, outboxEvents } = options;
  const router = Router();
  const body = jsonBody({ limit: 100 * 1024 });

  /** One entity route that queues outbox rows: audit, credentials, body, service, 202. */
  function queueRoute<T>(route: {
    path: string;
    eventId: string;
    schema: z.ZodType<T>;
    what: string;
    queue: (
      params: EntityParams,
      request: T,
      credentials: BackstageCredentials,
    ) => Promise<OutboxEventResponse>;
    meta?: (request: T) => JsonObject;
  }) {
    router.post(
      `/entities/:kind/:namespace/:name/${route.path}`,
      body,
      async (req, res) => {
        const event = await auditor.createEvent({
          eventId: route.eventId,
          severityLevel: 'medium',
          request: req,
          meta: {
            entity: `${req.params.kind}:${req.params.namespace}/${req.params.name}`,
          },
        });
        try {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user', 'service'],
          });
          const params = validateEntityParams(req.params);
          const request = parseBody(route.schema, req.body, route.what);
          const accepted = await route.queue(params, request, credentials);
          await event.success({
            meta: {
              entityRef: accepted.entityRef,
              outboxIds: accepted.ids,
              ...route.meta?.(request),
            },
          });
          res.status(202).json(accepted);
        } catch (error) {
          await event.fail({ error: toRouteError(error) });
          throw error;
        }
      },
    );
  }

  queueRoute({
    path: 'change-events',
    eventId: 'change-event',
    schema: changeEventRequestSchema,
    what: 'change event',
    queue: (params, request, credentials) =>
      outboxEvents.changeEvent(params, request, credentials),
  });
  queueRoute({
    path: 'events',
    eventId: 'incident-event',
    schema: incidentEventRequestSchema,
    what: 'incident event',
    queue: (params, request, credentials) =>
      outboxEvents.incidentEvent(params, request, credentials),
    meta: request => ({ action: request.action, dedupKey: request.dedupKey }),
  });

  return router;
}
