import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { errorBody, incident, triggerStatus } from '../__testUtils__/fixtures';
import { BASE_URL, createClient, json } from '../__testUtils__/render';
import {
  PagerDutyBackendNotInstalledError,
  describePagerDutyError,
} from './errors';

const server = setupServer();
registerMswTestHooks(server);

describe('PagerDutyClient', () => {
  it('loads card sections with one request; each section is its data or its own ResponseError', async () => {
    const urls: string[] = [];
    server.use(
      http.get(
        `${BASE_URL}/entities/:kind/:namespace/:name/card`,
        ({ request }) => {
          urls.push(new URL(request.url).search);
          return json({
            sections: {
              incidents: {
                status: 200,
                body: {
                  incidents: [incident()],
                  errors: [],
                  freshness: { fetchedAt: '', stale: false },
                },
              },
              oncall: {
                status: 503,
                body: errorBody(
                  503,
                  'PagerDutyError',
                  'PagerDuty is down',
                  'PAGERDUTY_UNAVAILABLE',
                ),
              },
            },
          });
        },
      ),
    );
    const client = createClient();
    const card = await client.getCard('component:default/checkout', {
      sections: ['incidents', 'oncall'],
    });
    expect(urls).toEqual(['?sections=incidents,oncall']);
    expect(card.incidents?.value?.incidents[0].id).toBe('PINC001');
    const error = card.oncall?.error;
    expect(ResponseError.is(error)).toBe(true);
    expect((error as ResponseError).statusCode).toBe(503);
    expect((error as ResponseError).body.error).toMatchObject({
      code: 'PAGERDUTY_UNAVAILABLE',
      message: 'PagerDuty is down',
    });
    // The card describes it as it would the failed /oncall route.
    expect(describePagerDutyError(error).kind).toBe('unavailable');

    // All four sections: no query; a section the backend left out is an error, not a crash.
    await client.getCard('component:default/checkout').then(all => {
      expect(all.services?.error?.message).toMatch(
        /did not answer section services/,
      );
    });
    expect(urls[1]).toBe('');
  });

  it('rejects the whole card when the entity itself fails', async () => {
    server.use(
      http.get(`${BASE_URL}/entities/:kind/:namespace/:name/card`, () =>
        json(
          errorBody(
            404,
            'NotFoundError',
            'no such entity',
            'PAGERDUTY_NOT_FOUND',
          ),
          404,
        ),
      ),
    );
    const error = await createClient()
      .getCard('component:default/nope')
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(404);
  });

  it('requests the entity path with the kind lower-cased and segments encoded', async () => {
    let seen = '';
    server.use(
      http.get(
        `${BASE_URL}/entities/:kind/:namespace/:name/incidents`,
        ({ request }) => {
          seen = new URL(request.url).pathname;
          return json({
            incidents: [],
            errors: [],
            freshness: { fetchedAt: '', stale: false },
          });
        },
      ),
    );
    await createClient().getIncidents({
      kind: 'Component',
      namespace: 'my ns',
      name: 'a/b',
    });
    expect(seen).toBe(
      '/api/pagerduty/entities/component/my%20ns/a%2Fb/incidents',
    );
  });

  it('posts incident actions and returns the incident', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${BASE_URL}/entities/component/default/checkout/incidents/PINC001/reassign`,
        async ({ request }) => {
          body = await request.json();
          return json({ incident: incident({ status: 'acknowledged' }) });
        },
      ),
    );
    const result = await createClient().reassignIncident(
      'component:default/checkout',
      'PINC001',
      { userId: 'PUSER09' },
    );
    expect(body).toEqual({ userId: 'PUSER09' });
    expect(result.status).toBe('acknowledged');
  });

  it('posts a trigger and reads its status', async () => {
    server.use(
      http.post(
        `${BASE_URL}/entities/component/default/checkout/incidents`,
        () => json(triggerStatus(), 202),
      ),
      http.get(`${BASE_URL}/triggers/trg-1`, () =>
        json(triggerStatus({ status: 'delivered' })),
      ),
    );
    const client = createClient();
    const queued = await client.triggerIncident('component:default/checkout', {
      summary: 'x',
      severity: 'error',
    });
    expect(queued.status).toBe('queued');
    expect((await client.getTriggerStatus(queued.id)).status).toBe('delivered');
  });

  it('throws a ResponseError carrying the PagerDuty error code', async () => {
    server.use(
      http.get(`${BASE_URL}/health`, () =>
        json(
          errorBody(
            502,
            'PagerDutyError',
            'token bad',
            'PAGERDUTY_TOKEN_REJECTED',
          ),
          502,
        ),
      ),
    );
    const error = await createClient()
      .getHealth()
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(describePagerDutyError(error).kind).toBe('token-rejected');
  });

  it.each([
    ['an empty body', () => new HttpResponse(null, { status: 404 })],
    [
      'an HTML page',
      () =>
        new HttpResponse('<html><body>Not found</body></html>', {
          status: 404,
          headers: { 'Content-Type': 'text/html' },
        }),
    ],
    ['non-Backstage JSON', () => json({ message: 'nope' }, 404)],
  ])(
    'tells a missing backend plugin from a 404 with %s',
    async (_, respond) => {
      server.use(http.get(`${BASE_URL}/health`, respond));
      const error = await createClient()
        .getHealth()
        .catch(e => e);
      expect(error).toBeInstanceOf(PagerDutyBackendNotInstalledError);
      expect(describePagerDutyError(error).kind).toBe('backend-not-installed');
    },
  );

  it('keeps a Backstage 404 (service not found) a ResponseError', async () => {
    server.use(
      http.get(`${BASE_URL}/health`, () =>
        json(
          errorBody(
            404,
            'PagerDutyError',
            'no PSVC9',
            'PAGERDUTY_SERVICE_NOT_FOUND',
          ),
          404,
        ),
      ),
    );
    const error = await createClient()
      .getHealth()
      .catch(e => e);
    expect(error).not.toBeInstanceOf(PagerDutyBackendNotInstalledError);
    expect(describePagerDutyError(error)).toMatchObject({
      kind: 'service-not-found',
      detail: 'no PSVC9',
    });
  });

  it('tells a Backstage permission denial from a PagerDuty 403', async () => {
    server.use(
      http.get(`${BASE_URL}/health`, () =>
        json(errorBody(403, 'NotAllowedError', 'Access denied'), 403),
      ),
    );
    const denied = await createClient()
      .getHealth()
      .catch(e => e);
    expect(describePagerDutyError(denied).kind).toBe('permission-denied');

    server.use(
      http.get(`${BASE_URL}/health`, () =>
        json(
          errorBody(403, 'PagerDutyError', 'no scope', 'PAGERDUTY_FORBIDDEN'),
          403,
        ),
      ),
    );
    const forbidden = await createClient()
      .getHealth()
      .catch(e => e);
    expect(describePagerDutyError(forbidden).kind).toBe('forbidden');
  });
});
