import { PdEvent } from '@backstage-pagerduty/plugin-pagerduty-node';
import { TriggerRecord } from '../database/OutboxStore';

/** The REST urgency of a trigger's severity (for services without an Events integration). */
export const SEVERITY_URGENCY = {
  critical: 'high',
  error: 'high',
  warning: 'low',
  info: 'low',
} as const;

/** The Events API v2 event of a trigger. */
export function buildEvent(record: TriggerRecord): PdEvent {
  const r = record.request;
  return {
    routing_key: record.routingKey!,
    event_action: 'trigger',
    dedup_key: record.dedupKey,
    client: 'Backstage',
    ...(record.clientUrl ? { client_url: record.clientUrl } : {}),
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
        triggered_by: record.triggeredBy,
        backstage_entity: record.entityRef,
      },
    },
    ...(r.links?.length ? { links: r.links } : {}),
    ...(r.images?.length ? { images: r.images } : {}),
  };
}
