import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  AddIncidentNoteRequest,
  PagerDutyChangeEventsResponse,
  PagerDutyHealthResponse,
  PagerDutyIncident,
  PagerDutyIncidentsResponse,
  PagerDutyInsightsResponse,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
  ReassignIncidentRequest,
  TriggerIncidentRequest,
  TriggerStatusResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyApi, PagerDutyEntityRef } from './PagerDutyApi';
import { PagerDutyBackendNotInstalledError } from './errors';

/**
 * Options of the {@link PagerDutyClient}.
 * @public
 */
export interface PagerDutyClientOptions {
  discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  fetchApi: Pick<FetchApi, 'fetch'>;
}

/** True when the body is the JSON error body every Backstage backend plugin answers with. */
function isBackstageErrorBody(text: string): boolean {
  try {
    const body = JSON.parse(text);
    return (
      typeof body === 'object' &&
      body !== null &&
      typeof body.error === 'object' &&
      body.error !== null &&
      typeof body.error.name === 'string' &&
      typeof body.error.message === 'string'
    );
  } catch {
    return false;
  }
}

/**
 * The default {@link PagerDutyApi}: calls the PagerDuty backend plugin through the discovery and
 * fetch APIs (so Backstage credentials are sent along).
 * @public
 */
export class PagerDutyClient implements PagerDutyApi {
  private readonly discoveryApi: PagerDutyClientOptions['discoveryApi'];
  private readonly fetchApi: PagerDutyClientOptions['fetchApi'];

  constructor(options: PagerDutyClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getServices(entity: PagerDutyEntityRef): Promise<PagerDutyServicesResponse> {
    return this.request(`${entityPath(entity)}/services`);
  }

  getIncidents(
    entity: PagerDutyEntityRef,
  ): Promise<PagerDutyIncidentsResponse> {
    return this.request(`${entityPath(entity)}/incidents`);
  }

  getOnCall(entity: PagerDutyEntityRef): Promise<PagerDutyOnCallResponse> {
    return this.request(`${entityPath(entity)}/oncall`);
  }

  getChangeEvents(
    entity: PagerDutyEntityRef,
  ): Promise<PagerDutyChangeEventsResponse> {
    return this.request(`${entityPath(entity)}/change-events`);
  }

  getInsights(
    entity: PagerDutyEntityRef,
    options: { days?: number } = {},
  ): Promise<PagerDutyInsightsResponse> {
    const query = options.days
      ? `?days=${encodeURIComponent(options.days)}`
      : '';
    return this.request(`${entityPath(entity)}/insights${query}`);
  }

  triggerIncident(
    entity: PagerDutyEntityRef,
    request: TriggerIncidentRequest,
  ): Promise<TriggerStatusResponse> {
    return this.request(`${entityPath(entity)}/incidents`, {
      method: 'POST',
      body: request,
    });
  }

  getTriggerStatus(triggerId: string): Promise<TriggerStatusResponse> {
    return this.request(`/triggers/${encodeURIComponent(triggerId)}`);
  }

  async acknowledgeIncident(
    entity: PagerDutyEntityRef,
    incidentId: string,
  ): Promise<PagerDutyIncident> {
    return this.incidentAction(entity, incidentId, 'acknowledge');
  }

  async resolveIncident(
    entity: PagerDutyEntityRef,
    incidentId: string,
  ): Promise<PagerDutyIncident> {
    return this.incidentAction(entity, incidentId, 'resolve');
  }

  async reassignIncident(
    entity: PagerDutyEntityRef,
    incidentId: string,
    request: ReassignIncidentRequest,
  ): Promise<PagerDutyIncident> {
    return this.incidentAction(entity, incidentId, 'reassign', request);
  }

  async addIncidentNote(
    entity: PagerDutyEntityRef,
    incidentId: string,
    request: AddIncidentNoteRequest,
  ): Promise<PagerDutyIncident> {
    return this.incidentAction(entity, incidentId, 'notes', request);
  }

  getHealth(): Promise<PagerDutyHealthResponse> {
    return this.request('/health');
  }

  private async incidentAction(
    entity: PagerDutyEntityRef,
    incidentId: string,
    action: 'acknowledge' | 'resolve' | 'reassign' | 'notes',
    body?: unknown,
  ): Promise<PagerDutyIncident> {
    const { incident } = await this.request<{ incident: PagerDutyIncident }>(
      `${entityPath(entity)}/incidents/${encodeURIComponent(
        incidentId,
      )}/${action}`,
      { method: 'POST', body },
    );
    return incident;
  }

  private async request<T>(
    path: string,
    options: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('pagerduty');
    const url = `${baseUrl}${path}`;
    const hasBody = options.body !== undefined;
    const response = await this.fetchApi.fetch(url, {
      method: options.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
      },
      body: hasBody ? JSON.stringify(options.body) : undefined,
    });

    if (!response.ok) {
      if (response.status === 404) {
        // Every route of the backend plugin answers errors as Backstage error JSON; anything else
        // (an empty body, the app's index.html) means nobody serves /api/pagerduty.
        const text = await response
          .clone()
          .text()
          .catch(() => '');
        if (!isBackstageErrorBody(text)) {
          throw new PagerDutyBackendNotInstalledError(url, response.status);
        }
      }
      throw await ResponseError.fromResponse(response);
    }

    return (await response.json()) as T;
  }
}

/** `/entities/{kind}/{namespace}/{name}`, kind lower-cased as in catalog references. */
export function entityPath(entity: PagerDutyEntityRef): string {
  const ref =
    typeof entity === 'string'
      ? parseEntityRef(entity, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        })
      : entity;
  return `/entities/${encodeURIComponent(
    ref.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
}
