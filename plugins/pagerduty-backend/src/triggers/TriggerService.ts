import { randomUUID } from 'node:crypto';
import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  TriggerIncidentRequest,
  TriggerStatusResponse,
  pagerDutyIncidentTriggerPermission,
  triggerIncidentRequestSchema,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyApiError,
  isRetryable,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { z } from 'zod';
import { toRouteError } from '../errors/errors';
import { EntityParams, EntityResolver } from '../services/EntityResolver';
import { FromEmailResolver } from '../incidents/FromEmailResolver';
import { DeliveryMode, OutboxStore, TriggerRecord } from './OutboxStore';
import { resolveRouting } from './routing';

/** Turns a zod error into a 400 whose message names the field. */
export function inputErrorOf(error: z.ZodError, what: string): InputError {
  const parts = error.issues.map(issue => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return `unknown field(s) ${issue.keys.join(', ')}`;
    }
    return field && !issue.message.startsWith(field)
      ? `${field}: ${issue.message}`
      : issue.message;
  });
  return new InputError(`Invalid ${what}: ${parts.join('; ')}`);
}

/** Parses a JSON body with a schema, or throws a 400 naming the field. */
export function parseBody<T>(
  schema: z.ZodType<T>,
  body: unknown,
  what: string,
): T {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new InputError(`Invalid ${what}: the body must be a JSON object`);
  }
  const result = schema.safeParse(body);
  if (!result.success) throw inputErrorOf(result.error, what);
  return result.data;
}

/** Checks a permission on an entity; a DENY is a 403 and nothing further happens. */
export async function authorizeOnEntity(
  permissions: PermissionsService,
  permission: typeof pagerDutyIncidentTriggerPermission,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You are not allowed to ${
        permission.name === 'pagerduty.incident.trigger'
          ? 'trigger PagerDuty incidents'
          : 'manage PagerDuty incidents'
      } for ${entityRef} (permission ${permission.name})`,
    );
  }
}

/** The public view of an outbox row. */
export function toStatusResponse(record: TriggerRecord): TriggerStatusResponse {
  return {
    id: record.id,
    dedupKey: record.dedupKey,
    status:
      record.status === 'delivered' || record.status === 'failed'
        ? record.status
        : 'queued',
    entityRef: record.entityRef,
    ...(record.serviceId ? { serviceId: record.serviceId } : {}),
    attempts: record.attempts,
    createdAt: new Date(record.createdAt).toISOString(),
    ...(record.deliveredAt
      ? { deliveredAt: new Date(record.deliveredAt).toISOString() }
      : {}),
    ...(record.status === 'failed' && record.lastError
      ? { error: record.lastError }
      : {}),
  };
}

const LOOKUP_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new PagerDutyApiError({
              kind: 'unavailable',
              message: `PagerDuty did not answer within ${ms} ms`,
            }),
          ),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Accepts incident triggers: validates, authorizes, works out how the entity's service is
 * reached, and writes the trigger to the outbox before answering. Delivery is the worker's.
 */
export class TriggerService {
  constructor(
    private readonly deps: {
      resolver: EntityResolver;
      catalog: CatalogService;
      permissions: PermissionsService;
      store: OutboxStore;
      fromEmail: FromEmailResolver;
      appBaseUrl: string;
      logger: LoggerService;
      /** Called after a row is written (kicks the worker). */
      onQueued: () => void;
    },
  ) {}

  async trigger(
    params: EntityParams,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<TriggerStatusResponse> {
    const request: TriggerIncidentRequest = parseBody(
      triggerIncidentRequestSchema,
      body,
      'trigger request',
    );
    const resolved = await this.deps.resolver.resolve(params, credentials);
    await authorizeOnEntity(
      this.deps.permissions,
      pagerDutyIncidentTriggerPermission,
      resolved.entityRef,
      credentials,
    );
    const { refs, client } = resolved;

    let serviceId: string | undefined;
    let mode: DeliveryMode | undefined;
    let routingKey: string | undefined;

    if (request.serviceId && !refs.serviceIds.includes(request.serviceId)) {
      throw new InputError(
        `serviceId ${
          request.serviceId
        } is not one of the PagerDuty services of ${resolved.entityRef} (${
          refs.serviceIds.join(', ') || 'it has only an integration key'
        })`,
      );
    }

    if (refs.integrationKey && !request.serviceId) {
      mode = 'events';
      routingKey = refs.integrationKey;
      // Which service the key belongs to, for cache invalidation and signals; best effort.
      serviceId = await withTimeout(
        client.findServiceByIntegrationKey(refs.integrationKey),
        LOOKUP_TIMEOUT_MS,
      ).then(
        s => s.value.id,
        () => undefined,
      );
    } else {
      serviceId = request.serviceId ?? refs.serviceIds[0];
      try {
        ({ mode, routingKey } = await withTimeout(
          resolveRouting(client, serviceId),
          LOOKUP_TIMEOUT_MS,
        ));
      } catch (error) {
        if (error instanceof PagerDutyApiError && isRetryable(error)) {
          // PagerDuty is down or busy: accept now, the worker resolves the routing later.
          mode = undefined;
        } else {
          throw toRouteError(error, { serviceId });
        }
      }
    }

    const actor = await this.deps.fromEmail.actor(credentials);
    if (mode === 'rest' && !actor.email) {
      throw new InputError(
        `PagerDuty service ${serviceId} has no Events API v2 integration, so the incident must be created through the REST API as a user, but ${actor.ref} has no spec.profile.email in the catalog and pagerDuty.defaultFromEmail is not configured`,
      );
    }

    const [kind, namespace, name] = [
      resolved.entity.kind.toLocaleLowerCase('en-US'),
      resolved.entity.metadata.namespace ?? 'default',
      resolved.entity.metadata.name,
    ];
    const record = await this.deps.store.insert({
      id: randomUUID(),
      account: client.account.id,
      entityRef: resolved.entityRef,
      serviceId,
      dedupKey: request.dedupKey ?? `backstage-${randomUUID()}`,
      mode,
      routingKey,
      request: { ...request, source: request.source ?? resolved.entityRef },
      triggeredBy: actor.ref,
      fromEmail: actor.email,
      clientUrl: `${this.deps.appBaseUrl.replace(
        /\/+$/,
        '',
      )}/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
        kind,
      )}/${encodeURIComponent(name)}`,
    });
    this.deps.onQueued();
    return toStatusResponse(record);
  }

  /** Delivery status of a trigger, if the caller can see its entity. */
  async status(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<TriggerStatusResponse> {
    const notFound = new NotFoundError(`No PagerDuty trigger ${id}`);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound;
    const record = await this.deps.store.get(id);
    if (!record) throw notFound;
    const entity = await this.deps.catalog.getEntityByRef(record.entityRef, {
      credentials,
    });
    if (!entity) throw notFound;
    return toStatusResponse(record);
  }
}
