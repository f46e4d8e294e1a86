import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  changeEventRequestSchema,
  incidentEventRequestSchema,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import express from 'express';
import Router from 'express-promise-router';
import { toRouteError } from '../errors/toRouteError';
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

  router.post(
    '/entities/:kind/:namespace/:name/change-events',
    body,
    async (req, res) => {
      const event = await auditor.createEvent({
        eventId: 'change-event',
        severityLevel: 'low',
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
        const request = parseBody(
          changeEventRequestSchema,
          req.body,
          'change event',
        );
        const accepted = await outboxEvents.changeEvent(
          params,
          request,
          credentials,
        );
        await event.success({
          meta: { entityRef: accepted.entityRef, outboxIds: accepted.ids },
        });
        res.status(202).json(accepted);
      } catch (error) {
        await event.fail({ error: toRouteError(error) });
        throw error;
      }
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/events',
    body,
    async (req, res) => {
      const event = await auditor.createEvent({
        eventId: 'incident-event',
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
        const request = parseBody(
          incidentEventRequestSchema,
          req.body,
          'incident event',
        );
        const accepted = await outboxEvents.incidentEvent(
          params,
          request,
          credentials,
        );
        await event.success({
          meta: {
            entityRef: accepted.entityRef,
            action: request.action,
            dedupKey: request.dedupKey,
            outboxIds: accepted.ids,
          },
        });
        res.status(202).json(accepted);
      } catch (error) {
        await event.fail({ error: toRouteError(error) });
        throw error;
      }
    },
  );

  return router;
}
