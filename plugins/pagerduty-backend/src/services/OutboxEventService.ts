import { randomUUID } from 'node:crypto';
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ChangeEventRequest,
  IncidentEventRequest,
  OutboxEventResponse,
  pagerDutyIncidentManagePermission,
  pagerDutyIncidentTriggerPermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyApiError,
  isRetryable,
  withTimeout,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { DeliveryMode, OutboxStore } from '../database/OutboxStore';
import { toRouteError } from '../errors/toRouteError';
import { resolveRouting } from '../triggers/routing';
import { resolveForWrite } from './authorize';
import { EntityParams, EntityResolver, ResolvedEntity } from './EntityResolver';
import { FromEmailResolver } from './FromEmailResolver';

const LOOKUP_TIMEOUT_MS = 3000;

interface Target {
  serviceId?: string;
  mode?: DeliveryMode;
  routingKey?: string;
}

/**
 * Change events (deploy markers) and acknowledge / resolve by dedup key, for pipelines,
 * templates, actions and the card: validated and authorized like a trigger, then written to
 * the same outbox (per-routing-key limits, retries); the worker delivers them through the
 * Events API v2.
 */
export class OutboxEventService {
  constructor(
    private readonly deps: {
      resolver: EntityResolver;
      permissions: PermissionsService;
      store: OutboxStore;
      fromEmail: FromEmailResolver;
    },
  ) {}

  /** Called after rows are written; the composition root points it at the worker. */
  onQueued: () => void = () => {};

  /** A change event on the entity's services (all of them, or `serviceId`); needs trigger. */
  async changeEvent(
    params: EntityParams,
    request: ChangeEventRequest,
    credentials: BackstageCredentials,
  ): Promise<OutboxEventResponse> {
    const resolved = await resolveForWrite(
      this.deps,
      params,
      credentials,
      pagerDutyIncidentTriggerPermission,
    );
    const targets = await this.targets(
      resolved,
      request.serviceId,
      'all',
      'change events',
    );
    return this.queue(resolved, targets, 'change', request, credentials);
  }

  /** Acknowledge or resolve the alert of a dedup key (Events API v2); needs manage. */
  async incidentEvent(
    params: EntityParams,
    request: IncidentEventRequest,
    credentials: BackstageCredentials,
  ): Promise<OutboxEventResponse> {
    const resolved = await resolveForWrite(
      this.deps,
      params,
      credentials,
      pagerDutyIncidentManagePermission,
    );
    // Where a trigger of the entity went by default: its integration key, or its first service.
    const targets = await this.targets(
      resolved,
      request.serviceId,
      'first',
      `${request.action} by dedup key`,
    );
    return this.queue(
      resolved,
      targets,
      request.action,
      { dedupKey: request.dedupKey },
      credentials,
      request.dedupKey,
    );
  }

  private async queue(
    resolved: ResolvedEntity,
    targets: Target[],
    kind: 'change' | 'acknowledge' | 'resolve',
    request: ChangeEventRequest | { dedupKey: string },
    credentials: BackstageCredentials,
    dedupKey?: string,
  ): Promise<OutboxEventResponse> {
    const actor = await this.deps.fromEmail.actor(credentials);
    const ids: string[] = [];
    for (const target of targets) {
      const record = await this.deps.store.insert({
        id: randomUUID(),
        kind,
        account: resolved.client.account.id,
        entityRef: resolved.entityRef,
        serviceId: target.serviceId,
        dedupKey: dedupKey ?? `backstage-change-${randomUUID()}`,
        mode: target.mode,
        routingKey: target.routingKey,
        request,
        triggeredBy: actor.ref,
        triggeredByName: actor.name,
      });
      ids.push(record.id);
    }
    this.onQueued();
    return {
      ids,
      entityRef: resolved.entityRef,
      status: 'queued',
      ...(dedupKey ? { dedupKey } : {}),
    };
  }

  /**
   * The Events API v2 routing of each target service. A service without an Events API v2
   * integration is a 400 (only that API has change events and dedup keys); when PagerDuty
   * cannot tell now, the row is accepted and the worker resolves the routing later.
   */
  private async targets(
    resolved: ResolvedEntity,
    serviceId: string | undefined,
    which: 'all' | 'first',
    what: string,
  ): Promise<Target[]> {
    const { refs, client, entityRef } = resolved;
    if (serviceId && !refs.serviceIds.includes(serviceId)) {
      throw new InputError(
        `serviceId ${serviceId} is not one of the PagerDuty services of ${entityRef} (${
          refs.serviceIds.join(', ') || 'it has only an integration key'
        })`,
      );
    }
    if (refs.integrationKey && !serviceId) {
      const found = await withTimeout(
        client.findServiceByIntegrationKey(refs.integrationKey),
        LOOKUP_TIMEOUT_MS,
        () => new Error('timeout'),
      ).then(
        s => s.value.id,
        () => undefined,
      );
      return [
        { serviceId: found, mode: 'events', routingKey: refs.integrationKey },
      ];
    }
    let ids = which === 'all' ? refs.serviceIds : refs.serviceIds.slice(0, 1);
    if (serviceId) ids = [serviceId];
    return Promise.all(
      ids.map(async id => {
        try {
          const routing = await withTimeout(
            resolveRouting(client, id),
            LOOKUP_TIMEOUT_MS,
            () =>
              new PagerDutyApiError({
                kind: 'unavailable',
                message: `PagerDuty did not answer within ${LOOKUP_TIMEOUT_MS} ms`,
              }),
          );
          if (routing.mode !== 'events') {
            throw new InputError(
              `PagerDuty service ${id} of ${entityRef} has no Events API v2 integration; ${what} need one (add one to the service in PagerDuty)`,
            );
          }
          return { serviceId: id, ...routing };
        } catch (error) {
          if (error instanceof PagerDutyApiError && isRetryable(error)) {
            return { serviceId: id };
          }
          throw toRouteError(error, { serviceId: id });
        }
      }),
    );
  }
}
