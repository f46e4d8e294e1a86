import { ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import {
  AlertMessage,
  alertApiRef,
  analyticsApiRef,
  ApiRef,
} from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  MockAnalyticsApi,
  MockFetchApi,
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { RenderResult } from '@testing-library/react';
import { http, HttpResponse, JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { PAGERDUTY_CARD_SECTIONS } from '@backstage-pagerduty/plugin-pagerduty-common';
import { pagerDutyApiRef, PagerDutyClient } from '../api';
import {
  annotatedEntity,
  changeEventsResponse,
  incidentsResponse,
  onCallResponse,
  servicesResponse,
} from './fixtures';
import { insightsResponse } from './healthFixtures';

export const BASE_URL = 'http://localhost:7007/api/pagerduty';
/** Any entity: each render uses its own entity name (see {@link renderWithApis}). */
export const ENTITY_URL = `${BASE_URL}/entities/:kind/:namespace/:name`;

/** What the card route says of live updates across replicas (see {@link setCardLiveUpdates}). */
let cardLiveUpdates: { acrossReplicas: boolean } | undefined = {
  acrossReplicas: true,
};

/**
 * Makes the `/card` route say whether signals cross the backend's replicas (undefined: an
 * older backend that does not say). Reset to "they do" by {@link createPagerDutyServer}.
 */
export function setCardLiveUpdates(value?: { acrossReplicas: boolean }) {
  cardLiveUpdates = value;
}

/**
 * The combined `/card` route, composed like the backend composes it: each section is what its
 * own route answers (so a test overriding `/incidents` changes the card's incidents too). An
 * answer that is not Backstage error JSON (no backend plugin) answers the whole request.
 */
const cardRoute = http.get(`${ENTITY_URL}/card`, async ({ request }) => {
  const url = new URL(request.url);
  const names =
    url.searchParams.get('sections')?.split(',') ?? PAGERDUTY_CARD_SECTIONS;
  const entityUrl = url.href.replace(/\/card(\?.*)?$/, '');
  const sections: Record<string, { status: number; body: unknown }> = {};
  for (const name of names) {
    const response = await fetch(`${entityUrl}/${name}`, {
      headers: request.headers,
    });
    const body = await response.json().catch(() => undefined);
    if (body === undefined) return response;
    sections[name] = { status: response.status, body };
  }
  return HttpResponse.json({ sections, liveUpdates: cardLiveUpdates });
});

/** An MSW server answering every read route with the default fixtures. */
export function createPagerDutyServer() {
  beforeEach(() => setCardLiveUpdates({ acrossReplicas: true }));
  return setupServer(
    cardRoute,
    http.get(`${ENTITY_URL}/services`, () =>
      HttpResponse.json(servicesResponse()),
    ),
    http.get(`${ENTITY_URL}/incidents`, () =>
      HttpResponse.json(incidentsResponse()),
    ),
    http.get(`${ENTITY_URL}/oncall`, () => HttpResponse.json(onCallResponse())),
    http.get(`${ENTITY_URL}/change-events`, () =>
      HttpResponse.json(changeEventsResponse()),
    ),
    http.get(`${ENTITY_URL}/insights`, () =>
      HttpResponse.json(insightsResponse()),
    ),
  );
}

/** `HttpResponse.json` with a status. */
export function json(body: JsonBodyType, status = 200) {
  return HttpResponse.json(body, { status });
}

/** The real client, through a real fetch, against `http://localhost:7007/api/pagerduty`. */
export function createClient() {
  return new PagerDutyClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });
}

export interface RenderOptions {
  entity?: Entity;
  /** Permissions denied by name, e.g. `pagerduty.incident.trigger`. */
  deny?: string[];
  /** A signals API; without it the card polls. */
  signals?: SignalApi;
  /** User entities in the catalog (matched to PagerDuty users by email). */
  catalogEntities?: Entity[];
}

/** What the rendered components posted to `alertApi` and `analyticsApi`. */
export interface RenderedRecorders {
  alerts: AlertMessage[];
  analytics: MockAnalyticsApi;
}

let renders = 0;

/**
 * Renders an element inside the test app, with the PagerDuty API and an entity.
 *
 * `usePermission` caches decisions per permission and entity for the whole test file (SWR), so
 * every render gets an entity of its own name, and a decision of one test never leaks into another.
 */
export async function renderWithApis(
  element: ReactElement,
  options: RenderOptions = {},
): Promise<RenderResult & RenderedRecorders> {
  const { deny = [], signals, catalogEntities = [] } = options;
  const alerts: AlertMessage[] = [];
  const analytics = new MockAnalyticsApi();
  const base = options.entity ?? annotatedEntity;
  renders += 1;
  const entity = {
    ...base,
    metadata: { ...base.metadata, name: `${base.metadata.name}-${renders}` },
  };
  const apis: [ApiRef<any>, any][] = [
    [pagerDutyApiRef, createClient()],
    [
      alertApiRef,
      {
        post: (alert: AlertMessage) => alerts.push(alert),
        alert$: () => ({ subscribe: () => ({ unsubscribe() {} }) }),
      },
    ],
    [analyticsApiRef, analytics],
    [catalogApiRef, catalogApiMock({ entities: catalogEntities })],
    [
      permissionApiRef,
      mockApis.permission({
        authorize: request =>
          deny.includes(request.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }),
    ],
  ];
  if (signals) {
    apis.push([signalApiRef, signals]);
  }
  const rendered = await renderInTestApp(
    <TestApiProvider apis={apis}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  const recorders: RenderedRecorders = { alerts, analytics };
  return Object.assign(rendered, recorders);
}

/** The messages of the alerts posted so far. */
export function alertMessages(recorders: RenderedRecorders): string[] {
  return recorders.alerts.map(alert => alert.message);
}
