import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  pagerDutyMappingDecisionSchema,
  pagerDutyMappingManagePermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { MappingService } from '../service/MappingService';

const listQuerySchema = z.object({
  state: z.enum(['mapped', 'suggested', 'conflict', 'unmapped']).optional(),
  account: z.string().min(1).optional(),
  query: z.string().optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid ${what}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return result.data;
}

export interface MappingRouterDeps {
  mapping: MappingService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Runs a sync cycle now (the scheduled task), e.g. after adding services in PagerDuty. */
  triggerSync: () => Promise<void>;
}

/**
 * The admin page's routes, mounted on the catalog's router under `/pagerduty/mapping`
 * (`/api/catalog/pagerduty/mapping/...`). Reads need a signed-in user or a service; changes
 * need `pagerduty.mapping.manage` and are audited.
 */
export function createMappingRouter(deps: MappingRouterDeps): express.Router {
  const { mapping, httpAuth, permissions, auditor } = deps;
  const router = Router();
  router.use('/pagerduty/mapping', express.json({ limit: '16kb' }));

  async function authorizeManage(req: express.Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: pagerDutyMappingManagePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Changing the PagerDuty mapping needs the permission ${pagerDutyMappingManagePermission.name}`,
      );
    }
    return credentials.principal.userEntityRef;
  }

  router.get('/pagerduty/mapping/services', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const filter = parse(listQuerySchema, req.query, 'query parameters');
    res.json(await mapping.list(filter));
  });

  router.get('/pagerduty/mapping/sync', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ accounts: await mapping.syncStatus() });
  });

  router.get('/pagerduty/mapping/permission', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: pagerDutyMappingManagePermission }],
      { credentials },
    );
    res.json({ manage: decision.result === AuthorizeResult.ALLOW });
  });

  router.post('/pagerduty/mapping/decisions', async (req, res) => {
    const event = await auditor.createEvent({
      eventId: 'pagerduty-mapping-change',
      severityLevel: 'medium',
      request: req,
      meta: { body: req.body },
    });
    try {
      const actor = await authorizeManage(req);
      const decision = parse(
        pagerDutyMappingDecisionSchema,
        req.body,
        'request body (expected {action: map|accept|reject, account, serviceId, entityRef} or {action: unmap, account, serviceId})',
      );
      const result = await mapping.decide(decision, actor);
      await event.success({
        meta: { decision, state: result.service.state },
      });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/pagerduty/mapping/sync', async (req, res) => {
    const event = await auditor.createEvent({
      eventId: 'pagerduty-mapping-sync',
      severityLevel: 'low',
      request: req,
    });
    try {
      await authorizeManage(req);
      await deps.triggerSync();
      await event.success();
      res.status(202).json({ status: 'started' });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
