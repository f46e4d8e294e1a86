import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  addIncidentNoteRequestSchema,
  reassignIncidentRequestSchema,
  triggerIncidentRequestSchema,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { toRouteError } from '../errors/toRouteError';
import {
  IncidentAction,
  IncidentActionRequest,
  IncidentActionsService,
} from '../services/IncidentActionsService';
import { TriggerService } from '../services/TriggerService';
import {
  jsonBody,
  parseBody,
  validateEntityParams,
  validateIncidentId,
} from './validation';

export interface WriteRoutesOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  triggers: TriggerService;
  incidents: IncidentActionsService;
}

/** Largest body of a write (a trigger with its details, a note). */
const WRITE_BODY_LIMIT = 100 * 1024;

/** Acknowledge and resolve take no body, or an empty JSON object. */
const noFieldsSchema = z.object({}).strict();
const noBody = (body: unknown, what: string) => {
  if (body !== undefined) parseBody(noFieldsSchema, body, what);
};

/** Path of each incident action, and how its body is read. */
const ACTIONS: Array<{
  path: string;
  action: IncidentAction;
  parse: (body: unknown) => IncidentActionRequest;
}> = [
  {
    path: 'acknowledge',
    action: 'acknowledge',
    parse: body => {
      noBody(body, 'acknowledge request');
      return { action: 'acknowledge' };
    },
  },
  {
    path: 'resolve',
    action: 'resolve',
    parse: body => {
      noBody(body, 'resolve request');
      return { action: 'resolve' };
    },
  },
  {
    path: 'reassign',
    action: 'reassign',
    parse: body => ({
      action: 'reassign',
      reassign: parseBody(
        reassignIncidentRequestSchema,
        body,
        'reassign request',
      ),
    }),
  },
  {
    path: 'notes',
    action: 'note',
    parse: body => ({
      action: 'note',
      note: parseBody(addIncidentNoteRequestSchema, body, 'note'),
    }),
  },
];

/**
 * The write routes: trigger (through the outbox), trigger status, and the incident actions.
 * Input is validated here; every write is audited, success or failure.
 */
export function writeRoutes(options: WriteRoutesOptions): express.Router {
  const { httpAuth, auditor, triggers, incidents } = options;
  const router = Router();
  const body = jsonBody({ limit: WRITE_BODY_LIMIT });

  router.post(
    '/entities/:kind/:namespace/:name/incidents',
    body,
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
        const request = parseBody(
          triggerIncidentRequestSchema,
          req.body,
          'trigger request',
        );
        const accepted = await triggers.trigger(params, request, credentials);
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
        await event.fail({ error: toRouteError(error) });
        throw error;
      }
    },
  );

  router.get('/triggers/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await triggers.status(req.params.id, credentials));
  });

  for (const { path, action, parse } of ACTIONS) {
    router.post(
      `/entities/:kind/:namespace/:name/incidents/:incidentId/${path}`,
      body,
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
          const incidentId = validateIncidentId(req.params.incidentId);
          const request = parse(req.body);
          const result = await incidents.act(
            params,
            incidentId,
            request,
            credentials,
          );
          await event.success({
            meta: {
              entityRef: result.entityRef,
              serviceId: result.serviceId,
              status: result.incident.status,
            },
          });
          res.json({
            incident: result.incident,
            ...(result.note ? { note: result.note } : {}),
          });
        } catch (error) {
          await event.fail({ error: toRouteError(error) });
          throw error;
        }
      },
    );
  }

  return router;
}
