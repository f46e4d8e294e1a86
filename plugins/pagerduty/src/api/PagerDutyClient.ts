import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  AddIncidentNoteRequest,
  PAGERDUTY_CARD_SECTIONS,
  PagerDutyCardResponse,
  PagerDutyCardSection,
  PagerDutyCardSectionName,
  ChangeEventRequest,
  OutboxEventResponse,
  PagerDutyChangeEventsResponse,
  PagerDutyHealthResponse,
  PagerDutyMyOnCallResponse,
  PagerDutyMyServicesResponse,
  PagerDutyIncident,
  PagerDutyIncidentDetailsResponse,
  PagerDutyIncidentsResponse,
  PagerDutyInsightsResponse,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
  PagerDutyUserSearchResponse,
  ReassignIncidentRequest,
  TriggerIncidentRequest,
  TriggerStatusResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyApi,
  PagerDutyCardData,
  PagerDutyEntityRef,
  PagerDutySectionResult,
} from './PagerDutyApi';
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

  async getCard(
    entity: PagerDutyEntityRef,
    options: { sections?: readonly PagerDutyCardSectionName[] } = {},
  ): Promise<PagerDutyCardData> {
    const sections = options.sections ?? PAGERDUTY_CARD_SECTIONS;
    const path = `${entityPath(entity)}/card`;
    const query =
      sections.length === PAGERDUTY_CARD_SECTIONS.length &&
      PAGERDUTY_CARD_SECTIONS.every(s => sections.includes(s))
        ? ''
        : `?sections=${sections.join(',')}`;
    const response = await this.request<PagerDutyCardResponse>(
      `${path}${query}`,
    );
    const url = await this.url(path);
    const data: PagerDutyCardData = {};
    if (response.liveUpdates) data.liveUpdates = response.liveUpdates;
    await Promise.all(
      sections.map(async name => {
        const section = response.sections?.[name] as
          | PagerDutyCardSection<unknown>
          | undefined;
        (data as Record<string, PagerDutySectionResult<unknown>>)[name] =
          section
            ? await toSectionResult(section, `${url}/${name}`)
            : {
                error: new Error(`The backend did not answer section ${name}`),
              };
      }),
    );
    return data;
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

  recordChangeEvent(
    entity: PagerDutyEntityRef,
    request: ChangeEventRequest,
  ): Promise<OutboxEventResponse> {
    return this.request(`${entityPath(entity)}/change-events`, {
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

  getIncidentDetails(
    entity: PagerDutyEntityRef,
    incidentId: string,
  ): Promise<PagerDutyIncidentDetailsResponse> {
    return this.request(
      `${entityPath(entity)}/incidents/${encodeURIComponent(incidentId)}`,
    );
  }

  searchUsers(
    entity: PagerDutyEntityRef,
    query: string,
  ): Promise<PagerDutyUserSearchResponse> {
    return this.request(
      `${entityPath(entity)}/users?query=${encodeURIComponent(query)}`,
    );
  }

  getHealth(): Promise<PagerDutyHealthResponse> {
    return this.request('/health');
  }

  getMyOnCall(): Promise<PagerDutyMyOnCallResponse> {
    return this.request('/me/oncall');
  }

  getMyServices(): Promise<PagerDutyMyServicesResponse> {
    return this.request('/me/services');
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

  private async url(path: string): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('pagerduty')}${path}`;
  }

  private async request<T>(
    path: string,
    options: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<T> {
    const url = await this.url(path);
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

/** A section of the combined answer as its own route's answer would have been read. */
async function toSectionResult<T>(
  section: PagerDutyCardSection<T>,
  url: string,
): Promise<PagerDutySectionResult<T>> {
  if (section.status === 200) {
    return { value: section.body as T };
  }
  const text = JSON.stringify(section.body);
  const error = await ResponseError.fromResponse({
    headers: new Headers({ 'content-type': 'application/json' }),
    ok: false,
    redirected: false,
    status: section.status,
    statusText: '',
    type: 'basic',
    url,
    text: async () => text,
  });
  return { error };
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
