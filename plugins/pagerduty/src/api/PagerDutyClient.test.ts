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
