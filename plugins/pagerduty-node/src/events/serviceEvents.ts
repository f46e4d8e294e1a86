/**
 * The events-service topic on which the PagerDuty backend republishes verified `service.*`
 * webhooks, so other plugins (the catalog module) follow PagerDuty's service directory without
 * receiving webhooks themselves. With the events backend's bus, every replica's subscribers see
 * events received by any replica.
 * @public
 */
export const PAGERDUTY_SERVICE_EVENTS_TOPIC = 'pagerduty.service';

/** The payload of an event on {@link PAGERDUTY_SERVICE_EVENTS_TOPIC}. @public */
export interface PagerDutyServiceChangeEvent {
  /** The Backstage id of the PagerDuty account the webhook came from. */
  account: string;
  eventType: 'service.created' | 'service.updated' | 'service.deleted';
  serviceId: string;
  /** When PagerDuty says it happened (ISO 8601), when it said. */
  occurredAt?: string;
}
