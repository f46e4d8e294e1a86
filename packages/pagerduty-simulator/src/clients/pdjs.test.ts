import http from 'node:http';
import net from 'node:net';
import { api, event } from '@pagerduty/pdjs';
import { startPagerDutySimulator, PagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';
import { DEMO_TOKEN } from '../types';

/**
 * PagerDuty's own JavaScript client, unmodified, against the simulator. pdjs only speaks
 * `https://<server>`; this agent connects those requests to the simulator over plain TCP (what
 * a TLS-terminating proxy in front of it would do), so the requests, headers and URLs are
 * exactly what pdjs sends to api.pagerduty.com and events.pagerduty.com.
 */
class SimulatorAgent extends http.Agent {
  constructor(private readonly port: number) {
    super({ keepAlive: false });
    (this as unknown as { protocol: string }).protocol = 'https:';
  }
  createConnection(
    _options: unknown,
    callback?: (err: Error | null, socket: net.Socket) => void,
  ) {
    const socket = net.connect(this.port, '127.0.0.1');
    if (callback) socket.once('connect', () => callback(null, socket));
    return socket;
  }
}

describe('@pagerduty/pdjs against the simulator', () => {
  let sim: PagerDutySimulator;
  let agent: SimulatorAgent;
  const USER_TOKEN = 'pdsim_user_token_alice';

  beforeAll(async () => {
    sim = await startPagerDutySimulator({
      port: 0,
      subdomain: 'acme',
      tokens: [DEMO_TOKEN],
      userTokens: { [USER_TOKEN]: SEED.users.alice.id },
    });
    agent = new SimulatorAgent(sim.port);
  });
  afterAll(() => sim.stop());

  /** `api` with only defaults is the partial-call form (`.get`, `.post`, `.all`, ...). */
  type PartialCall = Extract<ReturnType<typeof api>, { get: unknown }>;
  const pd = (token = DEMO_TOKEN): PartialCall =>
    // `agent` is handed through to node-fetch, which pdjs uses.
    api({ token, agent } as Parameters<typeof api>[0]) as PartialCall;

  it('reads what the plugin reads: a service with includes, open incidents (all pages), on-call, change events', async () => {
    const service = await pd().get(`/services/${SEED.services.checkout}`, {
      queryParameters: { 'include[]': 'escalation_policies' },
    } as any);
    expect(service.status).toBe(200);
    expect(service.data.service.id).toBe(SEED.services.checkout);
    expect(service.data.service.html_url).toBe(
      `https://acme.pagerduty.com/service-directory/${SEED.services.checkout}`,
    );
    expect(service.data.service.escalation_policy.type).toBe(
      'escalation_policy',
    );

    const incidents = await pd().all('/incidents', {
      queryParameters: {
        'service_ids[]': SEED.services.checkout,
        // Every incident, the seeded history of resolved ones included (default: 30 days).
        date_range: 'all',
        limit: '1',
      },
    } as any);
    expect(incidents.status).toBe(200);
    // `all` followed `more`/`offset` page by page and merged the pages.
    const merged = incidents.resource as Array<{ id: string }>;
    const direct = [...sim.state.incidents.values()].filter(
      i => i.serviceId === SEED.services.checkout,
    );
    expect(merged.map(i => i.id).sort()).toEqual(direct.map(i => i.id).sort());
    expect(merged.length).toBeGreaterThan(1);

    const oncalls = await pd().get('/oncalls', {
      queryParameters: {
        'escalation_policy_ids[]': SEED.escalationPolicies.checkout,
        earliest: 'true',
      },
    } as any);
    expect(oncalls.data.oncalls.length).toBeGreaterThan(0);

    const changes = await pd().get(
      `/services/${SEED.services.checkout}/change_events`,
    );
    expect(changes.status).toBe(200);
    expect(Array.isArray(changes.data.change_events)).toBe(true);
  });

  it('answers /users/me for a user-level key and 400 for an account key', async () => {
    const me = await pd(USER_TOKEN).get('/users/me');
    expect(me.status).toBe(200);
    expect(me.data.user).toMatchObject({
      id: SEED.users.alice.id,
      email: 'alice@example.com',
      html_url: `https://acme.pagerduty.com/users/${SEED.users.alice.id}`,
    });
    const account = await pd().get('/users/me');
    expect(account.status).toBe(400);
    expect(account.data.error.message).toBe('Invalid Input Provided');
  });

  it('creates a service with an Events v2 integration, triggers, acknowledges and resolves by dedup key, records a change event', async () => {
    const created = await pd().post('/services', {
      data: {
        service: {
          type: 'service',
          name: 'pdjs-made',
          escalation_policy: {
            id: SEED.escalationPolicies.checkout,
            type: 'escalation_policy_reference',
          },
          alert_grouping_parameters: { type: 'time', config: { timeout: 5 } },
        },
      },
    });
    expect(created.status).toBe(201);
    const serviceId = created.data.service.id;
    expect(created.data.service.alert_grouping_parameters).toEqual({
      type: 'time',
      config: { timeout: 5 },
    });
    const duplicate = await pd().post('/services', {
      data: {
        service: {
          name: 'pdjs-made',
          escalation_policy: { id: SEED.escalationPolicies.checkout },
        },
      },
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.data.error.errors).toEqual([
      'Name has already been taken',
    ]);

    const integration = await pd().post(`/services/${serviceId}/integrations`, {
      data: {
        integration: {
          type: 'events_api_v2_inbound_integration',
          name: 'Events API v2',
        },
      },
    });
    expect(integration.status).toBe(201);
    const routingKey: string = integration.data.integration.integration_key;
    expect(routingKey).toMatch(/^[0-9a-f]{32}$/);

    const send = (action: 'trigger' | 'acknowledge' | 'resolve') =>
      event({
        agent,
        data: {
          routing_key: routingKey,
          event_action: action,
          dedup_key: 'deploy-42',
          payload: {
            summary: 'Deploy 42 failed',
            source: 'ci',
            severity: 'error',
          },
        },
      } as any);
    expect((await send('trigger')).status).toBe(202);
    const incident = [...sim.state.incidents.values()].find(
      i => i.serviceId === serviceId,
    )!;
    expect(incident.incidentKey).toBe('deploy-42');
    expect((await send('acknowledge')).status).toBe(202);
    expect(sim.state.incidents.get(incident.id)!.status).toBe('acknowledged');
    expect((await send('resolve')).status).toBe(202);
    expect(sim.state.incidents.get(incident.id)!.status).toBe('resolved');

    const change = await event({
      agent,
      type: 'change',
      data: {
        routing_key: routingKey,
        payload: {
          summary: 'Deployed v42',
          timestamp: new Date().toISOString(),
          custom_details: { version: '42' },
        },
        links: [{ href: 'https://ci.example.com/42', text: 'build 42' }],
      },
    } as any);
    expect(change.status).toBe(202);
    const listed = await pd().get(`/services/${serviceId}/change_events`);
    expect(listed.data.change_events).toEqual([
      expect.objectContaining({ summary: 'Deployed v42' }),
    ]);
  });

  it('writes as a user: From with an account key, none needed with a user key', async () => {
    const incidentId = [...sim.state.incidents.values()].find(
      i => i.status === 'triggered',
    )!.id;
    const noFrom = await pd().post(`/incidents/${incidentId}/notes`, {
      data: { note: { content: 'x' } },
    });
    expect(noFrom.status).toBe(400);
    const withFrom = await pd().post(`/incidents/${incidentId}/notes`, {
      data: { note: { content: 'from pdjs' } },
      headers: { From: 'bob@example.com' },
    } as any);
    expect(withFrom.status).toBe(200);
    const asUser = await pd(USER_TOKEN).put(`/incidents/${incidentId}`, {
      data: {
        incident: { type: 'incident_reference', status: 'acknowledged' },
      },
    });
    expect(asUser.status).toBe(200);
    expect(asUser.data.incident.status).toBe('acknowledged');
    expect(
      sim.state.incidents.get(incidentId)!.acknowledgements.at(-1)!.agent.id,
    ).toBe(SEED.users.alice.id);
  });
});
