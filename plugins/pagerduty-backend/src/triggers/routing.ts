import {
  PagerDutyAccountClient,
  PdService,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { DeliveryMode } from '../database/OutboxStore';

/** Integration type of an Events API v2 integration on a PagerDuty service. */
export const EVENTS_V2_INTEGRATION_TYPE = 'events_api_v2_inbound_integration';

/** How to reach a service: its first Events API v2 integration, else REST. */
export function routingOfService(service: PdService): {
  mode: DeliveryMode;
  routingKey?: string;
} {
  const integration = (service.integrations ?? []).find(
    i =>
      (i.type === EVENTS_V2_INTEGRATION_TYPE ||
        i.type === `${EVENTS_V2_INTEGRATION_TYPE}_reference`) &&
      Boolean(i.integration_key),
  );
  return integration?.integration_key
    ? { mode: 'events', routingKey: integration.integration_key }
    : { mode: 'rest' };
}

/** Looks the service up (cached, stale copies allowed) and tells how to reach it. */
export async function resolveRouting(
  client: PagerDutyAccountClient,
  serviceId: string,
): Promise<{ mode: DeliveryMode; routingKey?: string }> {
  const service = await client.getService(serviceId);
  return routingOfService(service.value);
}
