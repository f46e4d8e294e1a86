import { ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import { ApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  MockFetchApi,
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { http, HttpResponse, JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
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

/** An MSW server answering every read route with the default fixtures. */
export function createPagerDutyServer() {
  return setupServer(
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
}

let renders = 0;

/**
 * Renders an element inside the test app, with the PagerDuty API and an entity.
 *
 * `usePermission` caches decisions per permission and entity for the whole test file (SWR), so
 * every render gets an entity of its own name, and a decision of one test never leaks into another.
 */
export function renderWithApis(
  element: ReactElement,
  options: RenderOptions = {},
) {
  const { deny = [], signals } = options;
  const base = options.entity ?? annotatedEntity;
  renders += 1;
  const entity = {
    ...base,
    metadata: { ...base.metadata, name: `${base.metadata.name}-${renders}` },
  };
  const apis: [ApiRef<any>, any][] = [
    [pagerDutyApiRef, createClient()],
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
  return renderInTestApp(
    <TestApiProvider apis={apis}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}
