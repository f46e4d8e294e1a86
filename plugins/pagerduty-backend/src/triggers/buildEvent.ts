import {
  ChangeEventRequest,
  TriggerIncidentRequest,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PdChangeEventRequest,
  PdEvent,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { TriggerRecord } from '../database/OutboxStore';

/** The request of a `trigger` row. */
/** "Alice Anders (user:default/alice)", or the ref alone when no name is known. */
export function actorLabel(record: TriggerRecord): string {
  return record.triggeredByName
    ? `${record.triggeredByName} (${record.triggeredBy})`
    : record.triggeredBy;
}

/** Who queued the event, as the responder reads it: the name first, the ref beside it. */
function actorDetails(
  key: 'triggered_by' | 'sent_by',
  record: TriggerRecord,
): Record<string, string> {
  return record.triggeredByName
    ? { [key]: record.triggeredByName, [`${key}_ref`]: record.triggeredBy }
    : { [key]: record.triggeredBy };
}

export function triggerRequestOf(
  record: TriggerRecord,
): TriggerIncidentRequest {
  if (record.kind !== 'trigger') {
    throw new Error(
      `Outbox row ${record.id} is a ${record.kind}, not a trigger`,
    );
  }
  return record.request as TriggerIncidentRequest;
}

/**
 * The Events API v2 event of a row: a trigger, or an acknowledge / resolve of its dedup key.
 * A pipeline's `client` and `clientUrl` name the tool that sent it; Backstage and the entity's
 * page otherwise.
 */
export function buildEvent(record: TriggerRecord): PdEvent {
  if (record.kind === 'acknowledge' || record.kind === 'resolve') {
    return {
      routing_key: record.routingKey!,
      event_action: record.kind,
      dedup_key: record.dedupKey,
    };
  }
  const r = triggerRequestOf(record);
  const clientUrl = r.clientUrl ?? record.clientUrl;
  return {
    routing_key: record.routingKey!,
    event_action: 'trigger',
    dedup_key: record.dedupKey,
    client: r.client ?? 'Backstage',
    ...(clientUrl ? { client_url: clientUrl } : {}),
    payload: {
      summary: r.summary,
      source: r.source ?? record.entityRef,
      severity: r.severity,
      timestamp: new Date(record.createdAt).toISOString(),
      ...(r.component ? { component: r.component } : {}),
      ...(r.group ? { group: r.group } : {}),
      ...(r.class ? { class: r.class } : {}),
      custom_details: {
        ...(r.details ?? {}),
        ...actorDetails('triggered_by', record),
        backstage_entity: record.entityRef,
      },
    },
    ...(r.links?.length ? { links: r.links } : {}),
    ...(r.images?.length ? { images: r.images } : {}),
  };
}

/** The change event of a `change` row (`POST /v2/change/enqueue`). */
export function buildChangeEvent(record: TriggerRecord): PdChangeEventRequest {
  const r = record.request as ChangeEventRequest;
  return {
    routing_key: record.routingKey!,
    payload: {
      summary: r.summary,
      timestamp: r.timestamp ?? new Date(record.createdAt).toISOString(),
      source: r.source ?? record.entityRef,
      custom_details: {
        ...(r.details ?? {}),
        ...actorDetails('sent_by', record),
        backstage_entity: record.entityRef,
      },
    },
    ...(r.links?.length ? { links: r.links } : {}),
    ...(r.images?.length ? { images: r.images } : {}),
  };
}
