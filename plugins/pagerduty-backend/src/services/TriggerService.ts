import { randomUUID } from 'node:crypto';
import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  TriggerIncidentRequest,
  TriggerStatusResponse,
  pagerDutyIncidentTriggerPermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyApiError,
  isRetryable,
  withTimeout,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import {
  DeliveryMode,
  OutboxStore,
  TriggerRecord,
} from '../database/OutboxStore';
import { toRouteError } from '../errors/toRouteError';
import { resolveRouting } from '../triggers/routing';
import { TriggerOutcome } from '../triggers/TriggerWorker';
import { resolveForWrite } from './authorize';
import { EntityParams, EntityResolver } from './EntityResolver';
import { FromEmailResolver } from './FromEmailResolver';
import { LiveUpdates } from './LiveUpdates';

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

/** A PagerDuty lookup that took too long counts as PagerDuty being unavailable. */
const lookup = <T>(promise: Promise<T>) =>
  withTimeout(
    promise,
    LOOKUP_TIMEOUT_MS,
    () =>
      new PagerDutyApiError({
        kind: 'unavailable',
        message: `PagerDuty did not answer within ${LOOKUP_TIMEOUT_MS} ms`,
      }),
  );

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
      auditor: AuditorService;
      liveUpdates: LiveUpdates;
      appBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  /** Called after a row is written; the composition root points it at the worker. */
  onQueued: () => void = () => {};

  /** Writes a validated trigger to the outbox (202); delivery is the worker's. */
  async trigger(
    params: EntityParams,
    request: TriggerIncidentRequest,
    credentials: BackstageCredentials,
  ): Promise<TriggerStatusResponse> {
    const resolved = await resolveForWrite(
      this.deps,
      params,
      credentials,
      pagerDutyIncidentTriggerPermission,
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
      serviceId = await lookup(
        client.findServiceByIntegrationKey(refs.integrationKey),
      ).then(
        s => s.value.id,
        () => undefined,
      );
    } else {
      serviceId = request.serviceId ?? refs.serviceIds[0];
      try {
        ({ mode, routingKey } = await lookup(
          resolveRouting(client, serviceId),
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
      triggeredByName: actor.name,
      fromEmail: actor.email,
      clientUrl: `${this.deps.appBaseUrl.replace(
        /\/+$/,
        '',
      )}/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
        kind,
      )}/${encodeURIComponent(name)}`,
    });
    this.onQueued();
    return toStatusResponse(record);
  }

  /**
   * What the worker reports after delivering (or failing) a trigger: it is audited, and a
   * delivered trigger refreshes its service's incidents in every browser.
   */
  async reportDelivery(outcome: TriggerOutcome): Promise<void> {
    const { record } = outcome;
    const event = await this.deps.auditor.createEvent({
      eventId:
        record.kind === 'trigger'
          ? 'incident-trigger-delivery'
          : `${
              record.kind === 'change'
                ? 'change-event'
                : `incident-${record.kind}`
            }-delivery`,
      severityLevel: 'medium',
      meta: {
        triggerId: record.id,
        entityRef: record.entityRef,
        dedupKey: record.dedupKey,
        triggeredBy: record.triggeredBy,
        attempts: record.attempts,
        ...(record.serviceId ? { serviceId: record.serviceId } : {}),
        ...(outcome.incidentId ? { incidentId: outcome.incidentId } : {}),
      },
    });
    if (outcome.status === 'failed') {
      await event.fail({ error: new Error(outcome.error) });
      return;
    }
    await event.success();
    if (record.serviceId) {
      const change = record.kind === 'change';
      await this.deps.liveUpdates.announce({
        account: record.account,
        serviceId: record.serviceId,
        eventType: change
          ? 'change_event.created'
          : `incident.${
              record.kind === 'trigger' ? 'triggered' : `${record.kind}d`
            }`,
        sections: change ? ['change-events'] : ['incidents', 'services'],
        incidentId: outcome.incidentId,
      });
    }
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
