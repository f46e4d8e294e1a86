import { createHmac } from 'node:crypto';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { SignalsService } from '@backstage/plugin-signals-node';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import express from 'express';
import request from 'supertest';
import { createMockedBackend } from '../__testUtils__/backend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const SECRET = 'whsec_current_0123456789';
const OLD_SECRET = 'whsec_old_9876543210';
const EU_SECRET = 'whsec_europe_5555555555';

const sign = (secret: string, body: string | Buffer) =>
  `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;

function incidentBody(
  eventType = 'incident.acknowledged',
  over: Record<string, unknown> = {},
  eventId = 'EVT1',
) {
  return JSON.stringify({
    event: {
      id: eventId,
      event_type: eventType,
      resource_type: 'incident',
      occurred_at: '2025-03-10T12:00:00Z',
      agent: { id: 'PALICE1', type: 'user_reference' },
      client: null,
      data: {
        id: 'PCHKI01',
        type: 'incident',
        status: 'acknowledged',
        title: 'Checkout 5xx — “ünïcode” title',
        service: { id: 'PCHKOUT', type: 'service_reference' },
        escalation_policy: {
          id: 'PEPCHK1',
          type: 'escalation_policy_reference',
        },
        ...over,
      },
    },
  });
}

/** A fake client service: records invalidations, answers getIncident. */
function fakePagerDuty() {
  const calls: string[] = [];
  const ttlChoosers = new Map<string, () => number | undefined>();
  const client = (account: string) => ({
    invalidateService: async (serviceId: string, sections: string[]) => {
      calls.push(`${account}:invalidate:${serviceId}:${sections.join(',')}`);
    },
    invalidateOnCall: async (policyId: string) => {
      calls.push(`${account}:oncall:${policyId}`);
    },
    getIncident: async (id: string) => {
      calls.push(`${account}:getIncident:${id}`);
      return { id, service: { id: 'PSEARCH' } };
    },
    setIncidentsTtl: (choose: () => number | undefined) =>
      ttlChoosers.set(account, choose),
  });
  const service = {
    isConfigured: () => true,
    accounts: () => [
      { id: 'main', isDefault: true },
      { id: 'europe', isDefault: false },
    ],
    forAccount: (id?: string) => client(id ?? 'main'),
  } as unknown as PagerDutyClientService;
  return { service, calls, ttlChoosers };
}

const baseConfig = {
  pagerDuty: {
    webhooks: { secrets: [OLD_SECRET, SECRET] },
    accounts: [
      { id: 'main', isDefault: true, apiToken: 'x' },
      { id: 'europe', apiToken: 'y', webhooks: { secrets: [EU_SECRET] } },
    ],
  },
};

describe.each(databases.eachSupportedId())('webhook receiver on %p', id => {
  async function instance(
    knex: Awaited<ReturnType<typeof databases.init>>,
    data: object = baseConfig,
    now?: () => number,
  ) {
    const pd = fakePagerDuty();
    const published: Array<{ channel: string; message: any }> = [];
    const signals: SignalsService = {
      publish: async (signal: any) => {
        published.push({ channel: signal.channel, message: signal.message });
      },
    };
    const config = mockServices.rootConfig({ data });
    const logger = mockServices.logger.mock();
    const backend = await createMockedBackend({
      config,
      logger,
      database: mockServices.database({ knex }),
      pagerDuty: pd.service,
      signals,
      now,
    });
    const app = express();
    app.use('/api/pagerduty', backend.router);
    const webhooks = { handler: backend.handler, store: backend.webhookStore };
    return { app, published, webhooks, ...pd };
  }

  async function setUp(data?: object, now?: () => number) {
    const knex = await databases.init(id);
    return instance(knex, data, now);
  }

  const post = (
    app: express.Express,
    body: string,
    headers: Record<string, string> = {},
  ) =>
    request(app)
      .post('/api/pagerduty/webhooks')
      .set('Content-Type', 'application/json')
      .set(headers)
      .send(body);

  it('accepts a valid signature, answers 202, then invalidates and signals', async () => {
    const { app, published, calls, webhooks } = await setUp();
    const body = incidentBody();
    const res = await post(app, body, {
      'X-PagerDuty-Signature': sign(SECRET, body),
      'X-Webhook-Id': 'wh-1',
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'accepted', webhookId: 'wh-1' });
    await webhooks.handler.idle();
    expect(calls).toEqual(['main:invalidate:PCHKOUT:incidents,service']);
    expect(published).toEqual([
      {
        channel: 'pagerduty:main:PCHKOUT',
        message: {
          account: 'main',
          serviceId: 'PCHKOUT',
          eventType: 'incident.acknowledged',
          sections: ['incidents', 'services'],
          incidentId: 'PCHKI01',
        },
      },
    ]);
  });

  it('accepts a rotated pair: either configured secret, among several v1 signatures', async () => {
    const { app, published, webhooks } = await setUp();
    // PagerDuty during a rotation: old and new secret; we may know only one of them. Three
    // different events (the same signed event would be a duplicate).
    const bodies = [1, 2, 3].map(n =>
      incidentBody('incident.acknowledged', {}, `EVT-rot-${n}`),
    );
    const unknown = (body: string) => sign('whsec_not_configured', body);
    for (const [i, [body, header]] of [
      [bodies[0], `${sign(OLD_SECRET, bodies[0])},${sign(SECRET, bodies[0])}`],
      [bodies[1], `${unknown(bodies[1])},${sign(SECRET, bodies[1])}`],
      [bodies[2], `${unknown(bodies[2])}, ${sign(OLD_SECRET, bodies[2])}`],
    ].entries()) {
      const res = await post(app, body, {
        'X-PagerDuty-Signature': header,
        'X-Webhook-Id': `rot-${i}`,
      });
      expect(res.status).toBe(202);
    }
    await webhooks.handler.idle();
    expect(published).toHaveLength(3);
  });

  it('rejects a wrong secret, a missing header, a tampered body and re-serialised JSON with 401', async () => {
    const { app, published, calls } = await setUp();
    const body = incidentBody();
    const cases: Array<[string, string, Record<string, string>]> = [
      ['wrong secret', body, { 'X-PagerDuty-Signature': sign('nope', body) }],
      ['missing header', body, {}],
      [
        'tampered body',
        body.replace('acknowledged', 'resolved'),
        { 'X-PagerDuty-Signature': sign(SECRET, body) },
      ],
      [
        're-serialised JSON',
        // The same JSON with PagerDuty's spacing; signed over what a parser would give back.
        body.replace('{"event":', '{ "event" : '),
        {
          'X-PagerDuty-Signature': sign(
            SECRET,
            JSON.stringify(JSON.parse(body)),
          ),
        },
      ],
      [
        'not a v1 signature',
        body,
        { 'X-PagerDuty-Signature': sign(SECRET, body).replace('v1=', 'v0=') },
      ],
    ];
    for (const [name, sent, headers] of cases) {
      const res = await post(app, sent, { ...headers, 'X-Webhook-Id': name });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect(res.body.error.name).toBe('AuthenticationError');
      expect(res.body.error.message).toMatch(/X-PagerDuty-Signature/);
    }
    expect(published).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('verifies the raw bytes: a body that is not canonical JSON is accepted when signed as sent', async () => {
    const { app, published, webhooks } = await setUp();
    // Sent as a string: supertest would re-encode a Buffer with a JSON content type.
    const body = `{ "event" : ${JSON.stringify(
      JSON.parse(incidentBody()).event,
      null,
      2,
    )} }`;
    const res = await post(app, body, {
      'X-PagerDuty-Signature': sign(SECRET, body),
    });
    expect(res.status).toBe(202);
    await webhooks.handler.idle();
    expect(published).toHaveLength(1);
  });

  it('processes a duplicate X-Webhook-Id once, across two backend instances on one database', async () => {
    const knex = await databases.init(id);
    const a = await instance(knex);
    const b = await instance(knex);
    const body = incidentBody();
    const headers = {
      'X-PagerDuty-Signature': sign(SECRET, body),
      'X-Webhook-Id': 'retried-1',
    };
    const answers = await Promise.all([
      post(a.app, body, headers),
      post(b.app, body, headers),
      post(a.app, body, headers),
      post(b.app, body, headers),
    ]);
    expect(answers.map(r => r.status)).toEqual([202, 202, 202, 202]);
    expect(answers.filter(r => r.body.status === 'accepted')).toHaveLength(1);
    expect(answers.filter(r => r.body.status === 'duplicate')).toHaveLength(3);
    await Promise.all([a.webhooks.handler.idle(), b.webhooks.handler.idle()]);
    expect(a.published.length + b.published.length).toBe(1);
    // A later restart (a new instance) on the same database still knows the id.
    const c = await instance(knex);
    const again = await post(c.app, body, headers);
    expect(again.body.status).toBe('duplicate');
  });

  it('processes the same signed event once, even under a new X-Webhook-Id', async () => {
    const { app, published, webhooks } = await setUp();
    const body = incidentBody('incident.acknowledged', {}, 'EVT-replayed');
    const signature = sign(SECRET, body);
    const first = await post(app, body, {
      'X-PagerDuty-Signature': signature,
      'X-Webhook-Id': 'delivery-1',
    });
    // A replay of the captured body and signature with a fresh header.
    const replay = await post(app, body, {
      'X-PagerDuty-Signature': signature,
      'X-Webhook-Id': 'delivery-2',
    });
    const headerless = await post(app, body, {
      'X-PagerDuty-Signature': signature,
    });
    expect([first.body, replay.body, headerless.body]).toEqual([
      { status: 'accepted', webhookId: 'delivery-1' },
      { status: 'duplicate', webhookId: 'delivery-2' },
      { status: 'duplicate', webhookId: 'EVT-replayed' },
    ]);
    await webhooks.handler.idle();
    expect(published).toHaveLength(1);
  });

  it('answers 413 for a body over 256 KB and 400 for malformed JSON or a non-v3 body', async () => {
    const { app, published } = await setUp();
    const big = `{"event":{"event_type":"incident.triggered","x":"${'a'.repeat(
      260 * 1024,
    )}"}}`;
    const tooBig = await post(app, big, {
      'X-PagerDuty-Signature': sign(SECRET, big),
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({
      name: 'PayloadTooLargeError',
      message: 'The webhook body is larger than 256 KB',
    });

    const malformed = '{"event": {"event_type": "incident.triggered"';
    const bad = await post(app, malformed, {
      'X-PagerDuty-Signature': sign(SECRET, malformed),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    expect(bad.body.error.message).toMatch(/not valid JSON/);

    const notV3 = '{"messages": []}';
    const v2 = await post(app, notV3, {
      'X-PagerDuty-Signature': sign(SECRET, notV3),
    });
    expect(v2.status).toBe(400);
    expect(v2.body.error.message).toMatch(/Webhooks v3/);
    expect(published).toEqual([]);
  });

  it('accepts unknown event types and ignores them', async () => {
    const { app, published, calls, webhooks } = await setUp();
    for (const type of ['pagey.ping', 'incident_workflow.started', 'x']) {
      const body = JSON.stringify({
        event: { id: type, event_type: type, resource_type: 'other', data: {} },
      });
      const res = await post(app, body, {
        'X-PagerDuty-Signature': sign(SECRET, body),
      });
      expect(res.status).toBe(202);
    }
    await webhooks.handler.idle();
    expect(published).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('names the account by the secret that verifies, and handles service and escalation events', async () => {
    const { app, published, calls, webhooks } = await setUp();
    const send = async (secret: string, body: string, webhookId: string) =>
      expect(
        (
          await post(app, body, {
            'X-PagerDuty-Signature': sign(secret, body),
            'X-Webhook-Id': webhookId,
          })
        ).status,
      ).toBe(202);
    await send(EU_SECRET, incidentBody('incident.escalated'), 'e1');
    await send(
      SECRET,
      JSON.stringify({
        event: {
          event_type: 'service.updated',
          resource_type: 'service',
          data: {
            id: 'PPAYMNT',
            type: 'service',
            escalation_policy: { id: 'PEPPAY1' },
          },
        },
      }),
      's1',
    );
    // incident.annotated carries a reference to the incident, without its service.
    await send(
      SECRET,
      JSON.stringify({
        event: {
          event_type: 'incident.annotated',
          resource_type: 'incident',
          data: {
            incident: { id: 'PSRCHI1', type: 'incident_reference' },
            id: 'NOTE1',
            type: 'incident_note',
            content: 'hi',
          },
        },
      }),
      'a1',
    );
    await webhooks.handler.idle();
    expect(calls).toEqual([
      'europe:invalidate:PCHKOUT:incidents,service',
      'europe:oncall:PEPCHK1',
      'main:invalidate:PPAYMNT:service',
      'main:oncall:PEPPAY1',
      'main:getIncident:PSRCHI1',
      'main:invalidate:PSEARCH:incidents,service',
    ]);
    expect(published.map(p => [p.channel, p.message.sections])).toEqual([
      ['pagerduty:europe:PCHKOUT', ['incidents', 'services', 'oncall']],
      ['pagerduty:main:PPAYMNT', ['services', 'oncall']],
      ['pagerduty:main:PSEARCH', ['incidents', 'services']],
    ]);
  });

  it('lengthens the incidents TTL while webhooks are healthy, and prunes expired ids', async () => {
    let now = 1_000_000_000;
    const { app, ttlChoosers, webhooks } = await setUp(baseConfig, () => now);
    expect(ttlChoosers.get('main')!()).toBeUndefined();
    expect(ttlChoosers.get('europe')!()).toBeUndefined();
    const body = incidentBody();
    await post(app, body, { 'X-PagerDuty-Signature': sign(SECRET, body) });
    expect(ttlChoosers.get('main')!()).toBe(300);
    expect(ttlChoosers.get('europe')!()).toBeUndefined();
    // Another replica learns it from the database.
    expect(await webhooks.store.lastReceived()).toEqual(
      new Map([['main', now]]),
    );
    now += 1801_000;
    expect(ttlChoosers.get('main')!()).toBeUndefined();
    expect(await webhooks.store.prune(now)).toBe(0);
    expect(await webhooks.store.prune(now + 72 * 3_600_000)).toBe(1);
  });

  it('answers 503 when no secret is configured', async () => {
    const { app } = await setUp({ pagerDuty: { apiToken: 'x' } });
    const body = incidentBody();
    const res = await post(app, body, {
      'X-PagerDuty-Signature': sign(SECRET, body),
    });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/pagerDuty.webhooks.secrets/);
  });
});

describe('webhook config', () => {
  it('refuses the same secret for two accounts', async () => {
    const knex = await databases.init('SQLITE_3');
    await expect(
      createMockedBackend({
        config: mockServices.rootConfig({
          data: {
            pagerDuty: {
              webhooks: { secrets: [SECRET] },
              accounts: [
                { id: 'main', apiToken: 'x' },
                { id: 'b', apiToken: 'y', webhooks: { secrets: [SECRET] } },
              ],
            },
          },
        }),
        database: mockServices.database({ knex }),
        pagerDuty: fakePagerDuty().service,
      }),
    ).rejects.toThrow(/same webhook secret.*"main" and "b"/);
  });
});
