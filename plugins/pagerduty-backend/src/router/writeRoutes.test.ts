import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PagerDutySimulator,
  SEED,
} from '@backstage-pagerduty/pagerduty-simulator';
import { Knex } from 'knex';
import {
  ALICE,
  CapturedAudit,
  simAccount,
  startBackend,
  TestBackend,
  useSimulator,
  waitFor,
} from '../__testUtils__/backend';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const NOMAIL = mockCredentials.user.header('user:default/nomail');

describe('write routes against the simulator', () => {
  let sim: PagerDutySimulator;
  let knex: Knex;
  let audits: CapturedAudit[];
  let signals: TestBackend['signals'];

  useSimulator(s => (sim = s));

  async function start(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
    pagerDutyExtra: Record<string, any> = {},
  ) {
    knex = await databases.init('SQLITE_3');
    const started = await startBackend({
      knex,
      permission,
      pagerDuty: simAccount(sim, {
        client: { maxRetries: 0, timeoutMs: 2000 },
        triggers: {
          backoffInitialMs: 50,
          backoffMaxMs: 200,
          pollIntervalMs: 200,
        },
        ...pagerDutyExtra,
      }),
    });
    audits = started.audits;
    signals = started.signals;
    return started;
  }

  let backend: TestBackend;
  beforeEach(async () => {
    backend = await start();
  });
  afterEach(async () => {
    await backend.stop();
  });

  const post = (path: string, body: unknown, as = ALICE) =>
    backend.post(path, body, as);
  const get = (path: string) => backend.get(path, ALICE);

  const incidentsByKey = (key: string) =>
    [...sim.state.incidents.values()].filter(i => i.incidentKey === key);
  const delivered = (id: string) =>
    waitFor(async () => {
      const res = await get(`/triggers/${id}`);
      return res.body.status !== 'queued' ? res.body : undefined;
    });

  describe('trigger', () => {
    it('queues, answers 202 with the dedup key, and delivers once through Events v2', async () => {
      const res = await post('/entities/component/default/checkout/incidents', {
        summary: 'Checkout is down',
        severity: 'critical',
        details: { region: 'eu-west-1' },
        links: [{ href: 'https://grafana.example.com/d/1', text: 'Dashboard' }],
      });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        dedupKey: expect.stringMatching(/^backstage-/),
        status: 'queued',
        entityRef: 'component:default/checkout',
        serviceId: SEED.services.checkout,
      });
      const status = await delivered(res.body.id);
      expect(status).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(status.deliveredAt).toBeDefined();

      const [incident, ...others] = incidentsByKey(res.body.dedupKey);
      expect(others).toEqual([]);
      expect(incident).toMatchObject({
        serviceId: SEED.services.checkout,
        title: 'Checkout is down',
        urgency: 'high',
        alertCount: 1,
      });
      expect(incident.details).toMatchObject({
        region: 'eu-west-1',
        triggered_by: 'Alice Anders',
        triggered_by_ref: 'user:default/alice',
      });
      const channel = incident.logEntries[0].channel as any;
      expect(channel.client).toBe('Backstage');
      expect(channel.client_url).toBe(
        'http://backstage.test/catalog/default/component/checkout',
      );
      expect(channel.cef_details.source_origin).toBe(
        'component:default/checkout',
      );

      expect(audits).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            eventId: 'incident-trigger',
            outcome: 'success',
          }),
          expect.objectContaining({
            eventId: 'incident-trigger-delivery',
            outcome: 'success',
          }),
        ]),
      );
      expect(signals).toContainEqual(
        expect.objectContaining({
          channel: `pagerduty:default:${SEED.services.checkout}`,
          message: expect.objectContaining({ eventType: 'incident.triggered' }),
        }),
      );
    });

    it('uses the integration-key annotation and keeps a given dedup key and source', async () => {
      const res = await post('/entities/component/default/by-key/incidents', {
        summary: 'Queue backlog',
        severity: 'warning',
        source: 'ci-pipeline',
        dedupKey: 'my-dedup-1',
      });
      expect(res.status).toBe(202);
      expect(res.body.dedupKey).toBe('my-dedup-1');
      expect(await delivered(res.body.id)).toMatchObject({
        status: 'delivered',
      });
      const [incident] = incidentsByKey('my-dedup-1');
      expect(incident).toMatchObject({ serviceId: SEED.services.checkout });
      expect(
        (incident.logEntries[0].channel as any).cef_details.source_origin,
      ).toBe('ci-pipeline');
      expect(sim.stats().byRoutingKey[SEED.integrationKeys.checkout]).toBe(1);
    });

    it('creates the incident through REST, as the user, for a service without Events v2 integration', async () => {
      const res = await post(
        '/entities/component/default/no-integration/incidents',
        {
          summary: 'Batch job failed',
          severity: 'error',
        },
      );
      expect(res.status).toBe(202);
      expect(await delivered(res.body.id)).toMatchObject({
        status: 'delivered',
      });
      const [incident] = incidentsByKey(res.body.dedupKey);
      expect(incident).toMatchObject({
        serviceId: SEED.services.noIntegration,
        title: 'Batch job failed',
      });
      expect(incident.logEntries[0].agent).toMatchObject({
        id: SEED.users.alice.id,
      });
      expect(JSON.stringify(incident)).toContain(
        'Triggered from Backstage by Alice Anders (user:default/alice) for component:default/no-integration',
      );
      expect(sim.stats().byRoute['POST /incidents']).toBe(1);
    });

    it('gives a REST-created incident the urgency that pagerDuty.sla.severityUrgency maps its severity to', async () => {
      await backend.stop();
      backend = await start(AuthorizeResult.ALLOW, {
        sla: { severityUrgency: { warning: 'high', critical: 'low' } },
      });
      const urgencyOf = async (severity: string) => {
        const res = await post(
          '/entities/component/default/no-integration/incidents',
          { summary: `A ${severity} problem`, severity },
        );
        expect(res.status).toBe(202);
        await delivered(res.body.id);
        return incidentsByKey(res.body.dedupKey)[0].urgency;
      };
      expect(await urgencyOf('warning')).toBe('high');
      expect(await urgencyOf('critical')).toBe('low');
      // Severities the mapping leaves out keep the default.
      expect(await urgencyOf('error')).toBe('high');
      expect(await urgencyOf('info')).toBe('low');
    });

    it('refuses a REST trigger without an email to act as', async () => {
      const res = await post(
        '/entities/component/default/no-integration/incidents',
        { summary: 'x', severity: 'error' },
        NOMAIL,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'user:default/nomail has no spec.profile.email in the catalog and pagerDuty.defaultFromEmail is not configured',
      );
    });

    it.each([
      ['missing summary', { severity: 'error' }, 'summary is required'],
      [
        'a 1025-character summary',
        { summary: 'x'.repeat(1025), severity: 'error' },
        'summary must be at most 1024 characters',
      ],
      [
        'a bad severity',
        { summary: 'x', severity: 'fatal' },
        'severity must be one of critical, error, warning, info',
      ],
      [
        'details that are not an object',
        { summary: 'x', severity: 'error', details: 'oops' },
        'details must be an object of key/value pairs',
      ],
      [
        'an unknown field',
        { summary: 'x', severity: 'error', foo: 1 },
        'unknown field(s) foo',
      ],
      [
        'a service not of the entity',
        { summary: 'x', severity: 'error', serviceId: 'POTHER1' },
        'serviceId POTHER1 is not one of the PagerDuty services of component:default/checkout',
      ],
    ])('answers 400 for %s, and writes nothing', async (_, body, message) => {
      const res = await post(
        '/entities/component/default/checkout/incidents',
        body,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
      expect(await knex('pagerduty_trigger_outbox').count({ n: '*' })).toEqual([
        { n: 0 },
      ]);
      expect(audits).toContainEqual(
        expect.objectContaining({
          eventId: 'incident-trigger',
          outcome: 'fail',
        }),
      );
    });

    it('marks a trigger PagerDuty rejects (400) failed, with its message, without retrying', async () => {
      sim.setFaults({
        rules: [
          {
            route: 'POST /v2/enqueue',
            mode: 'error',
            status: 400,
            message: 'Event object is invalid',
          },
        ],
      });
      const res = await post('/entities/component/default/checkout/incidents', {
        summary: 'x',
        severity: 'error',
      });
      const status = await delivered(res.body.id);
      expect(status).toMatchObject({ status: 'failed', attempts: 1 });
      expect(status.error).toContain('Event object is invalid');
      expect(sim.stats().byRoute['POST /v2/enqueue']).toBe(1);
    });

    it('retries 503s and 429s with backoff until PagerDuty takes the event', async () => {
      sim.setFaults({
        rules: [
          { route: 'POST /v2/enqueue', mode: 'error', status: 503, count: 2 },
          {
            route: 'POST /v2/enqueue',
            mode: 'rate_limit',
            count: 1,
            retryAfterSeconds: 1,
          },
        ],
      });
      const res = await post('/entities/component/default/checkout/incidents', {
        summary: 'flaky',
        severity: 'error',
      });
      const status = await delivered(res.body.id);
      expect(status).toMatchObject({ status: 'delivered', attempts: 4 });
      expect(incidentsByKey(res.body.dedupKey)).toHaveLength(1);
    });

    it('answers 404 for an unknown trigger id', async () => {
      const res = await get('/triggers/00000000-0000-0000-0000-000000000000');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'No PagerDuty trigger 00000000-0000-0000-0000-000000000000',
      );
    });
  });

  describe('incident actions', () => {
    const openIncident = (serviceId: string) =>
      [...sim.state.incidents.values()].find(
        i => i.serviceId === serviceId && i.status === 'triggered',
      )!;
    const path = (id: string, action: string, entity = 'checkout') =>
      `/entities/component/default/${entity}/incidents/${id}/${action}`;

    it('acknowledges and resolves as the signed-in user, and the next read shows it', async () => {
      const incident = openIncident(SEED.services.checkout);
      // Warm the read cache first, so the write must invalidate it.
      const before = await get(
        '/entities/component/default/checkout/incidents',
      );
      expect(before.body.incidents.map((i: any) => i.id)).toContain(
        incident.id,
      );

      const ack = await post(path(incident.id, 'acknowledge'), {});
      expect(ack.status).toBe(200);
      expect(ack.body.incident).toMatchObject({
        id: incident.id,
        status: 'acknowledged',
      });
      expect(sim.state.incidents.get(incident.id)!.status).toBe('acknowledged');
      expect(
        sim.state.incidents.get(incident.id)!.acknowledgements.at(-1)!.agent,
      ).toMatchObject({ id: SEED.users.alice.id });
      const after = await get('/entities/component/default/checkout/incidents');
      expect(
        after.body.incidents.find((i: any) => i.id === incident.id).status,
      ).toBe('acknowledged');

      const resolved = await post(path(incident.id, 'resolve'), {});
      expect(resolved.status).toBe(200);
      expect(resolved.body.incident.status).toBe('resolved');
      const last = await get('/entities/component/default/checkout/incidents');
      expect(last.body.incidents.map((i: any) => i.id)).not.toContain(
        incident.id,
      );

      expect(audits.map(a => `${a.eventId}:${a.outcome}`)).toEqual([
        'incident-acknowledge:success',
        'incident-resolve:success',
      ]);
      expect(signals.map(s => s.message.eventType)).toEqual([
        'incident.acknowledged',
        'incident.resolved',
      ]);
    });

    it('reassigns to a user and to an escalation policy', async () => {
      const incident = openIncident(SEED.services.checkout);
      const toUser = await post(path(incident.id, 'reassign'), {
        userId: SEED.users.bob.id,
      });
      expect(toUser.status).toBe(200);
      expect(toUser.body.incident.assignees.map((a: any) => a.id)).toEqual([
        SEED.users.bob.id,
      ]);
      const toPolicy = await post(path(incident.id, 'reassign'), {
        escalationPolicyId: SEED.escalationPolicies.payments,
      });
      expect(toPolicy.status).toBe(200);
      expect(sim.state.incidents.get(incident.id)!.escalationPolicyId).toBe(
        SEED.escalationPolicies.payments,
      );
    });

    it('adds a note', async () => {
      const incident = openIncident(SEED.services.checkout);
      const res = await post(path(incident.id, 'notes'), {
        content: 'Rolling back v42',
      });
      expect(res.status).toBe(200);
      expect(res.body.incident.id).toBe(incident.id);
      expect(res.body.note).toMatchObject({ content: 'Rolling back v42' });
      expect(sim.state.incidents.get(incident.id)!.notes.at(-1)).toMatchObject({
        content: 'Rolling back v42',
      });
    });

    it('rejects an unknown incident id with 404', async () => {
      const res = await post(path('PNOSUCH', 'acknowledge'), {});
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        code: 'PAGERDUTY_NOT_FOUND',
        message:
          'PagerDuty has no incident PNOSUCH on the services of component:default/checkout',
      });
    });

    it('rejects an incident of another service with 404, exactly like an unknown one, and changes nothing', async () => {
      const other = openIncident(SEED.services.search);
      const res = await post(path(other.id, 'resolve'), {});
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        `PagerDuty has no incident ${other.id} on the services of component:default/checkout`,
      );
      expect(sim.state.incidents.get(other.id)!.status).toBe('triggered');
      expect(audits).toEqual([
        expect.objectContaining({
          eventId: 'incident-resolve',
          outcome: 'fail',
        }),
      ]);
      // No oracle: the answer is the one of an incident that does not exist at all.
      const unknown = await post(path('PNOSUCH', 'resolve'), {});
      expect(res.body.error).toEqual({
        ...unknown.body.error,
        message: unknown.body.error.message.replace('PNOSUCH', other.id),
      });
    });

    it('answers 409 for an incident already resolved', async () => {
      const incident = openIncident(SEED.services.checkout);
      expect((await post(path(incident.id, 'resolve'), {})).status).toBe(200);
      for (const action of ['resolve', 'acknowledge']) {
        const res = await post(path(incident.id, action), {});
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(
          new RegExp(`^Incident ${incident.id} is already resolved`),
        );
      }
      expect(sim.state.incidents.get(incident.id)!.status).toBe('resolved');
    });

    it('answers 400 for a user without email and no fallback', async () => {
      const incident = openIncident(SEED.services.checkout);
      const res = await post(path(incident.id, 'acknowledge'), {}, NOMAIL);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'PagerDuty needs the email of the person acting (From header), but user:default/nomail has no spec.profile.email in the catalog and pagerDuty.defaultFromEmail is not configured',
      );
      expect(sim.state.incidents.get(incident.id)!.status).toBe('triggered');
    });

    it('acts as pagerDuty.defaultFromEmail for a user without email', async () => {
      await backend.stop();
      backend = await start(AuthorizeResult.ALLOW, {
        defaultFromEmail: SEED.users.bob.email,
      });
      const incident = openIncident(SEED.services.checkout);
      const res = await post(path(incident.id, 'acknowledge'), {}, NOMAIL);
      expect(res.status).toBe(200);
      expect(
        sim.state.incidents.get(incident.id)!.acknowledgements.at(-1)!.agent,
      ).toMatchObject({ id: SEED.users.bob.id });
    });

    it.each([
      ['reassign', {}, 'give exactly one of userId or escalationPolicyId'],
      [
        'reassign',
        { userId: 'PALICE1', escalationPolicyId: 'PEPCHK1' },
        'give exactly one of userId or escalationPolicyId',
      ],
      ['notes', { content: '  ' }, 'content must not be empty'],
      ['notes', {}, 'Invalid note: content is required'],
    ])('answers 400 for %s with %j', async (action, body, message) => {
      const incident = openIncident(SEED.services.checkout);
      const res = await post(path(incident.id, action), body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    });

    it('passes PagerDuty’s own 400 (unknown user) through as a 400', async () => {
      const incident = openIncident(SEED.services.checkout);
      const res = await post(path(incident.id, 'reassign'), {
        userId: 'PNOUSER',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('Assigned To User Not Found');
    });
  });
});

describe('write routes with permissions denied', () => {
  let sim: PagerDutySimulator;
  useSimulator(s => (sim = s));

  it('answers 403 to a trigger and an acknowledge, and writes nothing', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startBackend({
      knex,
      permission: AuthorizeResult.DENY,
      pagerDuty: simAccount(sim),
    });
    try {
      const res = await backend.post(
        '/entities/component/default/checkout/incidents',
        { summary: 'x', severity: 'error' },
        ALICE,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toContain('pagerduty.incident.trigger');

      const incident = [...sim.state.incidents.values()].find(
        i => i.serviceId === SEED.services.checkout && i.status === 'triggered',
      )!;
      const ack = await backend.post(
        `/entities/component/default/checkout/incidents/${incident.id}/acknowledge`,
        {},
        ALICE,
      );
      expect(ack.status).toBe(403);
      expect(ack.body.error.message).toContain('pagerduty.incident.manage');

      await new Promise(r => setTimeout(r, 200));
      expect(await knex('pagerduty_trigger_outbox').count({ n: '*' })).toEqual([
        { n: 0 },
      ]);
      expect(sim.stats().byRoute['POST /v2/enqueue'] ?? 0).toBe(0);
      expect(sim.stats().byRoute['PUT /incidents/{id}'] ?? 0).toBe(0);
      expect(sim.state.incidents.get(incident.id)!.status).toBe('triggered');
    } finally {
      await backend.stop();
    }
  });
});

describe('write routes without PagerDuty configured', () => {
  it('answers 503 PAGERDUTY_NOT_CONFIGURED and writes nothing', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startBackend({ knex });
    try {
      const res = await backend.post(
        '/entities/component/default/checkout/incidents',
        { summary: 'x', severity: 'error' },
        ALICE,
      );
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('PAGERDUTY_NOT_CONFIGURED');
      expect(await knex('pagerduty_trigger_outbox').count({ n: '*' })).toEqual([
        { n: 0 },
      ]);
    } finally {
      await backend.stop();
    }
  });
});
