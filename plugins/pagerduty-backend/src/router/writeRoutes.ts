import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import express from 'express';
import Router from 'express-promise-router';
import { toRouteError } from '../errors/errors';
import { IncidentAction } from '../incidents/IncidentActionsService';
import { IncidentActionsService } from '../incidents/IncidentActionsService';
import { validateEntityParams } from '../services/EntityResolver';
import { TriggerService } from '../triggers/TriggerService';

/** Something changed on a service through Backstage: drop its cache, tell the browsers. */
export type ServiceChanged = (change: {
  account: string;
  serviceId: string;
  eventType: string;
  incidentId?: string;
}) => Promise<void>;

export interface WriteRouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  triggers: TriggerService;
  incidents: IncidentActionsService;
  serviceChanged: ServiceChanged;
}

const ACTIONS: Array<{
  path: string;
  action: IncidentAction;
  eventType: string;
}> = [
  {
    path: 'acknowledge',
    action: 'acknowledge',
    eventType: 'incident.acknowledged',
  },
  { path: 'resolve', action: 'resolve', eventType: 'incident.resolved' },
  { path: 'reassign', action: 'reassign', eventType: 'incident.reassigned' },
  { path: 'notes', action: 'note', eventType: 'incident.annotated' },
];

/**
 * The write routes: trigger (through the outbox), trigger status, and the incident actions.
 * Every write is audited, success or failure.
 */
export async function createWriteRouter(
  options: WriteRouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, logger, triggers, incidents, serviceChanged } =
    options;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  router.post(
    '/entities/:kind/:namespace/:name/incidents',
    async (req, res) => {
      const event = await auditor.createEvent({
        eventId: 'incident-trigger',
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
        const accepted = await triggers.trigger(params, req.body, credentials);
        await event.success({
          meta: {
            entityRef: accepted.entityRef,
            triggerId: accepted.id,
            dedupKey: accepted.dedupKey,
            ...(accepted.serviceId ? { serviceId: accepted.serviceId } : {}),
          },
        });
        res.status(202).json(accepted);
      } catch (error) {
        const mapped = toRouteError(error) as Error;
        await event.fail({ error: mapped });
        throw mapped;
      }
    },
  );

  router.get('/triggers/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await triggers.status(req.params.id, credentials));
  });

  for (const { path, action, eventType } of ACTIONS) {
    router.post(
      `/entities/:kind/:namespace/:name/incidents/:incidentId/${path}`,
      async (req, res) => {
        const meta: JsonObject = {
          entity: `${req.params.kind}:${req.params.namespace}/${req.params.name}`,
          incidentId: req.params.incidentId,
          action,
        };
        if (action === 'reassign' && req.body && typeof req.body === 'object') {
          const { userId, escalationPolicyId } = req.body as JsonObject;
          if (typeof userId === 'string') meta.userId = userId;
          if (typeof escalationPolicyId === 'string')
            meta.escalationPolicyId = escalationPolicyId;
        }
        const event = await auditor.createEvent({
          eventId: `incident-${action}`,
          severityLevel: 'medium',
          request: req,
          meta,
        });
        try {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user', 'service'],
          });
          const params = validateEntityParams(req.params);
          const result = await incidents.act(
            params,
            req.params.incidentId,
            action,
            req.body,
            credentials,
          );
          await event.success({
            meta: {
              entityRef: result.entityRef,
              serviceId: result.serviceId,
              status: result.incident.status,
            },
          });
          try {
            await serviceChanged({
              account: result.account,
              serviceId: result.serviceId,
              eventType,
              incidentId: result.incident.id,
            });
          } catch (error) {
            logger.warn(
              `Could not announce the change of service ${result.serviceId}: ${error}`,
            );
          }
          res.json({
            incident: result.incident,
            ...(result.note ? { note: result.note } : {}),
          });
        } catch (error) {
          const mapped = toRouteError(error) as Error;
          await event.fail({ error: mapped });
          throw mapped;
        }
      },
    );
  }

  return router;
}
