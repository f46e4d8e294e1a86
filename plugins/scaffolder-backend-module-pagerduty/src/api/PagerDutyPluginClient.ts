import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ChangeEventRequest,
  OutboxEventResponse,
  PagerDutyServicesResponse,
  TriggerIncidentRequest,
  TriggerStatusResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';

/**
 * The PagerDuty backend plugin's own HTTP API, called on behalf of the user who runs the
 * template: the plugin checks that user's permissions on the entity, queues the event in its
 * outbox (per-key limits, retries) and audits it, exactly as for a click on the card.
 *
 * @public
 */
export class PagerDutyPluginClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  triggerIncident(
    entityRef: string,
    body: TriggerIncidentRequest,
    credentials: BackstageCredentials,
  ): Promise<TriggerStatusResponse> {
    return this.request('POST', entityRef, '/incidents', credentials, body);
  }

  sendChangeEvent(
    entityRef: string,
    body: ChangeEventRequest,
    credentials: BackstageCredentials,
  ): Promise<OutboxEventResponse> {
    return this.request('POST', entityRef, '/change-events', credentials, body);
  }

  /** The entity's PagerDuty services, as the card reads them (used by dry runs). */
  getServices(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyServicesResponse> {
    return this.request('GET', entityRef, '/services', credentials);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    entityRef: string,
    path: string,
    credentials: BackstageCredentials,
    body?: unknown,
  ): Promise<T> {
    const ref = parseRef(entityRef);
    const base = await this.discovery.getBaseUrl('pagerduty');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'pagerduty',
    });
    const url = `${base}/entities/${[ref.kind, ref.namespace, ref.name]
      .map(encodeURIComponent)
      .join('/')}${path}`;
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      // The step's error names what the plugin said (e.g. which permission was denied).
      const error = await ResponseError.fromResponse(response);
      throw new Error(
        `PagerDuty plugin answered ${method} ${path} for ${entityRef} with HTTP ${response.status}: ${error.body.error.message}`,
        { cause: error },
      );
    }
    return (await response.json()) as T;
  }
}

function parseRef(entityRef: string): CompoundEntityRef {
  const ref = parseEntityRef(entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  return {
    kind: ref.kind.toLocaleLowerCase('en-US'),
    namespace: ref.namespace,
    name: ref.name,
  };
}
