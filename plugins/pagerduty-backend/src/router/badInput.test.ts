/* eslint-disable no-script-url */ // Script URLs are what these tests send.
/*
 * Every route of the plugin, sent the client mistakes a new user or an attacker makes: each
 * must answer its 4xx with a stable code and a message that says what was wrong, never a 5xx,
 * and nothing may be written (no outbox row, no webhook id, no write reaching PagerDuty).
 * The answers are checked against openapi.yaml too.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  PagerDutySimulator,
  SEED,
} from '@backstage-pagerduty/pagerduty-simulator';
import { PagerDutyErrorCode } from '@backstage-pagerduty/plugin-pagerduty-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  ALICE,
  LogRecorder,
  simAccount,
  startBackend,
  TestBackend,
  useSimulator,
} from '../__testUtils__/backend';
import { expectDocumented } from '../__testUtils__/openapi';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const SECRET = 'whsec_bad_input_0123456789';
const SERVICE = mockCredentials.service.header();
const ENTITY = '/entities/component/default/checkout';
const INCIDENT = SEED.incidents.checkoutTriggered;

/** One request and the answer it must get. */
interface Case {
  name: string;
  method: 'GET' | 'POST';
  /** Under /api/pagerduty, sent as is (percent-escapes included). */
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as the raw body; an object as JSON. */
  body?: string | object;
  /** Authorization header; default Alice, null for none. */
  auth?: string | null;
  status: number;
  code: PagerDutyErrorCode;
  /** What the message must say. */
  message: RegExp;
}

const json = { 'Content-Type': 'application/json' };
const sign = (body: string) =>
  `v1=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

/** A valid trigger: each case breaks one thing only. */
const TRIGGER = { summary: 'Checkout is down', severity: 'error' };

/** `{"a":{"a":…}}`, `levels` deep, written by hand (JSON.stringify overflows at 6,000). */
const deepJson = (levels: number) =>
  `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

// ------------------------------------------------------------------ path segments

/** Routes with path parameters, each with a body that is valid for it. */
const PATH_ROUTES: Array<{
  method: 'GET' | 'POST';
  segments: string[];
  /** Indexes of the segments that are parameters. */
  params: number[];
  body?: object;
}> = [
  ...['services', 'incidents', 'oncall', 'change-events'].map(section => ({
    method: 'GET' as const,
    segments: ['entities', 'component', 'default', 'checkout', section],
    params: [1, 2, 3],
  })),
  {
    method: 'POST',
    segments: ['entities', 'component', 'default', 'checkout', 'incidents'],
    params: [1, 2, 3],
    body: TRIGGER,
  },
  ...(
    [
      ['acknowledge', {}],
      ['resolve', {}],
      ['reassign', { userId: SEED.users.alice.id }],
      ['notes', { content: 'a note' }],
    ] as const
  ).map(([action, body]) => ({
    method: 'POST' as const,
    segments: [
      'entities',
      'component',
      'default',
      'checkout',
      'incidents',
      INCIDENT,
      action,
    ],
    params: [1, 2, 3, 5],
    body,
  })),
  { method: 'GET', segments: ['triggers', randomUUID()], params: [1] },
];

/** Bad values of a path segment, and what the message says. */
const BAD_SEGMENTS: Array<[string, RegExp]> = [
  ['%00', /control character/],
  ['chec%00kout', /control character/],
  ['%0A', /control character/],
  ['%E0%A4%A', /not valid percent-encoded UTF-8/],
  ['%zz', /not valid percent-encoded UTF-8/],
  ['%', /not valid percent-encoded UTF-8/],
  ['%C0%AF', /not valid percent-encoded UTF-8/],
  ['x'.repeat(1100), /longer than 1024 characters/],
];

function pathCases(): Case[] {
  const cases: Case[] = [];
  for (const route of PATH_ROUTES) {
    for (const index of route.params) {
      for (const [value, message] of BAD_SEGMENTS) {
        const segments = [...route.segments];
        segments[index] = value;
        cases.push({
          name: `${route.method} ${route.segments
            .map((s, i) => (i === index ? `<${value.slice(0, 12)}>` : s))
            .join('/')}`,
          method: route.method,
          path: `/${segments.join('/')}`,
          body: route.body,
          status: 400,
          code: 'PAGERDUTY_INVALID_REQUEST',
          message,
        });
      }
    }
  }
  // Segments that decode fine but cannot name an entity or an incident.
  for (const [segment, index, message] of [
    ['a%20b', 3, /Invalid entity name "a b".*expected/],
    ['a%2Fb', 3, /Invalid entity name "a\/b"/],
    ['group%3Aa', 1, /Invalid entity kind "group:a"/],
  ] as const) {
    const segments = ['entities', 'component', 'default', 'checkout', 'oncall'];
    segments[index] = segment;
    cases.push({
      name: `GET entity path ${segment}`,
      method: 'GET',
      path: `/${segments.join('/')}`,
      status: 400,
      code: 'PAGERDUTY_INVALID_REQUEST',
      message,
    });
  }
  for (const id of ['P!X', 'P'.repeat(65), 'PCHK-I01']) {
    cases.push({
      name: `POST acknowledge incident id ${id.slice(0, 12)}`,
      method: 'POST',
      path: `${ENTITY}/incidents/${encodeURIComponent(id)}/acknowledge`,
      body: {},
      status: 400,
      code: 'PAGERDUTY_INVALID_REQUEST',
      message: /Invalid incident id .* expected 1 to 64 letters and digits/,
    });
  }
  return cases;
}

// ------------------------------------------------------------------ body encoding and size

/** JSON routes, each with a valid body. */
const BODY_ROUTES: Array<{
  path: string;
  body: object;
  limitKb: number;
  auth?: string;
}> = [
  { path: `${ENTITY}/incidents`, body: TRIGGER, limitKb: 100 },
  ...['acknowledge', 'resolve', 'reassign', 'notes'].map(action => ({
    path: `${ENTITY}/incidents/${INCIDENT}/${action}`,
    body:
      {
        reassign: { userId: SEED.users.alice.id },
        notes: { content: 'a note' },
      }[action] ?? {},
    limitKb: 100,
  })),
  {
    path: '/webhook-subscriptions',
    body: { url: 'https://backstage.example.com/api/pagerduty/webhooks' },
    limitKb: 32,
    auth: SERVICE,
  },
];

function bodyCases(): Case[] {
  const cases: Case[] = [];
  for (const route of BODY_ROUTES) {
    const valid = JSON.stringify(route.body);
    const add = (
      name: string,
      body: string,
      headers: Record<string, string>,
      status: number,
      code: PagerDutyErrorCode,
      message: RegExp,
    ) =>
      cases.push({
        name: `POST ${route.path.split('/').pop()}: ${name}`,
        method: 'POST',
        path: route.path,
        auth: route.auth,
        body,
        headers,
        status,
        code,
        message,
      });
    add(
      'malformed JSON',
      '{"summary": "x",',
      json,
      400,
      'PAGERDUTY_MALFORMED_JSON',
      /request body is not valid JSON .*expected a JSON object/,
    );
    add(
      'a JSON string, not an object',
      '"summary"',
      json,
      400,
      'PAGERDUTY_MALFORMED_JSON',
      /not valid JSON/,
    );
    add(
      'a 1 MB body',
      JSON.stringify({ ...route.body, pad: 'x'.repeat(1024 * 1024) }),
      json,
      413,
      'PAGERDUTY_PAYLOAD_TOO_LARGE',
      new RegExp(`request body is larger than ${route.limitKb} KB`),
    );
    add(
      'charset=utf-16',
      valid,
      { 'Content-Type': 'application/json; charset=utf-16' },
      415,
      'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
      /charset "utf-16"; expected UTF-8/,
    );
    add(
      'charset=latin1',
      valid,
      { 'Content-Type': 'application/json; charset=ISO-8859-1' },
      415,
      'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
      /charset "ISO-8859-1"; expected UTF-8/,
    );
    add(
      'unknown Content-Encoding',
      valid,
      { ...json, 'Content-Encoding': 'x-unknown' },
      415,
      'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
      /unsupported Content-Encoding .*expected identity, gzip or deflate/,
    );
    add(
      'gzip that is not gzip',
      valid,
      { ...json, 'Content-Encoding': 'gzip' },
      400,
      'PAGERDUTY_INVALID_REQUEST',
      /request body could not be read \(.+\); expected bytes encoded as its Content-Encoding says/,
    );
    add(
      'text/plain',
      valid,
      { 'Content-Type': 'text/plain' },
      415,
      'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
      /Content-Type "text\/plain"; expected application\/json/,
    );
    add(
      'form-encoded',
      'summary=x&severity=error',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      415,
      'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
      /expected application\/json/,
    );
    add(
      'a JSON array',
      '[]',
      json,
      400,
      'PAGERDUTY_INVALID_REQUEST',
      /^Invalid .*(expected object|must be a JSON object)/i,
    );
    add(
      'an unknown field of a wrong type',
      JSON.stringify({ ...route.body, extra: { nested: [1, 2] } }),
      json,
      400,
      'PAGERDUTY_INVALID_REQUEST',
      /unknown field\(s\) extra/,
    );
  }
  return cases;
}

// ------------------------------------------------------------------ schemas

function schemaCases(): Case[] {
  const invalid = (
    name: string,
    path: string,
    body: object | string,
    message: RegExp,
    auth?: string,
  ): Case => ({
    name,
    method: 'POST',
    path,
    body,
    auth,
    ...(typeof body === 'string' ? { headers: json } : {}),
    status: 400,
    code: 'PAGERDUTY_INVALID_REQUEST',
    message,
  });
  const trigger = (name: string, body: object | string, message: RegExp) =>
    invalid(`POST trigger: ${name}`, `${ENTITY}/incidents`, body, message);
  const action = (path: string, name: string, body: object, message: RegExp) =>
    invalid(
      `POST ${path}: ${name}`,
      `${ENTITY}/incidents/${INCIDENT}/${path}`,
      body,
      message,
    );
  const subscription = (name: string, body: object, message: RegExp) =>
    invalid(
      `POST webhook-subscriptions: ${name}`,
      '/webhook-subscriptions',
      body,
      message,
      SERVICE,
    );
  const url = 'https://backstage.example.com/api/pagerduty/webhooks';
  return [
    trigger('no fields', {}, /summary is required/),
    trigger('no summary', { severity: 'error' }, /summary is required/),
    trigger(
      'summary a number',
      { ...TRIGGER, summary: 42 },
      /summary must be a string/,
    ),
    trigger(
      'blank summary',
      { ...TRIGGER, summary: '   ' },
      /summary must not be empty/,
    ),
    trigger(
      'summary of 1,025 characters',
      { ...TRIGGER, summary: 'x'.repeat(1025) },
      /^Invalid trigger request: summary must be at most 1024 characters$/,
    ),
    trigger(
      'summary of 1,023 emoji (2,046 UTF-16 units)',
      { ...TRIGGER, summary: '😀'.repeat(1023) },
      /summary must be at most 1024 characters \(counted in UTF-16 units.*it has 2046\)/,
    ),
    trigger(
      'unknown severity',
      { ...TRIGGER, severity: 'sev1' },
      /severity must be one of critical, error, warning, info/,
    ),
    trigger('no severity', { summary: 'x' }, /severity must be one of/),
    trigger(
      'unknown field',
      { ...TRIGGER, urgency: 'high' },
      /unknown field\(s\) urgency/,
    ),
    trigger(
      'details an array',
      { ...TRIGGER, details: [1, 2] },
      /details must be an object of key\/value pairs/,
    ),
    trigger(
      'details a string',
      { ...TRIGGER, details: 'x' },
      /details must be an object/,
    ),
    trigger(
      'details 6,000 levels deep',
      `{"summary":"x","severity":"error","details":${deepJson(6000)}}`,
      /details must nest at most 32 levels deep/,
    ),
    trigger(
      'details 40 levels deep',
      `{"summary":"x","severity":"error","details":${deepJson(40)}}`,
      /details must nest at most 32 levels deep/,
    ),
    trigger(
      'a javascript: link',
      { ...TRIGGER, links: [{ href: 'javascript:alert(1)', text: 'x' }] },
      /links\.0\.href: href must be an absolute http\(s\) URL/,
    ),
    trigger(
      'a data: link',
      { ...TRIGGER, links: [{ href: 'data:text/html,<script>' }] },
      /href must be an absolute http\(s\) URL/,
    ),
    trigger(
      'a relative link',
      { ...TRIGGER, links: [{ href: '/catalog' }] },
      /href must be an absolute http\(s\) URL/,
    ),
    trigger(
      'a javascript: image',
      { ...TRIGGER, images: [{ src: 'javascript:alert(1)' }] },
      /images\.0\.src: src must be an absolute http\(s\) URL/,
    ),
    trigger(
      'an image linking to javascript:',
      {
        ...TRIGGER,
        images: [{ src: 'https://x.test/a.png', href: 'javascript:x' }],
      },
      /images\.0\.href: href must be an absolute http\(s\) URL/,
    ),
    trigger(
      'links not an array',
      { ...TRIGGER, links: { href: 'https://x.test' } },
      /links must be an array/,
    ),
    trigger(
      '51 links',
      {
        ...TRIGGER,
        links: Array.from({ length: 51 }, () => ({ href: 'https://x.test' })),
      },
      /links must have at most 50 entries/,
    ),
    trigger(
      'a link with an unknown field',
      { ...TRIGGER, links: [{ href: 'https://x.test', target: '_blank' }] },
      /unknown field\(s\) target/,
    ),
    trigger(
      'dedupKey of 256 characters',
      { ...TRIGGER, dedupKey: 'k'.repeat(256) },
      /dedupKey must be at most 255 characters/,
    ),
    trigger(
      'dedupKey a number',
      { ...TRIGGER, dedupKey: 7 },
      /dedupKey must be a string/,
    ),
    trigger(
      'serviceId not shaped like a PagerDuty id',
      { ...TRIGGER, serviceId: 'checkout service' },
      /serviceId must be a PagerDuty id/,
    ),
    trigger(
      'serviceId of another service',
      { ...TRIGGER, serviceId: SEED.services.search },
      new RegExp(
        `serviceId ${SEED.services.search} is not one of the PagerDuty services`,
      ),
    ),
    trigger('empty source', { ...TRIGGER, source: ' ' }, /source/),
    trigger('component a number', { ...TRIGGER, component: 5 }, /component/),
    action(
      'reassign',
      'nobody',
      {},
      /give exactly one of userId or escalationPolicyId/,
    ),
    action(
      'reassign',
      'both',
      { userId: 'PALICE1', escalationPolicyId: 'PEPCHK1' },
      /give exactly one of userId or escalationPolicyId/,
    ),
    action(
      'reassign',
      'a lower-case user id',
      { userId: 'alice' },
      /userId must be a PagerDuty id/,
    ),
    action(
      'reassign',
      'a javascript: user id',
      { userId: 'javascript:alert(1)' },
      /userId must be a PagerDuty id/,
    ),
    action(
      'reassign',
      'an escalation policy id of 21 characters',
      { escalationPolicyId: 'P'.repeat(21) },
      /escalationPolicyId must be a PagerDuty id/,
    ),
    action(
      'reassign',
      'an escalation policy id a number',
      { escalationPolicyId: 12 },
      /escalationPolicyId must be a string/,
    ),
    action('notes', 'no content', {}, /content is required/),
    action(
      'notes',
      'content a number',
      { content: 1 },
      /content must be a string/,
    ),
    action(
      'notes',
      'blank content',
      { content: ' \n ' },
      /content must not be empty/,
    ),
    action(
      'notes',
      'content of 25,001 characters',
      { content: 'n'.repeat(25_001) },
      /content must be at most 25000 characters; it has 25001/,
    ),
    action(
      'notes',
      'an unknown field',
      { content: 'x', author: 'bob' },
      /unknown field\(s\) author/,
    ),
    action(
      'acknowledge',
      'a field',
      { status: 'resolved' },
      /Invalid acknowledge request: unknown field\(s\) status/,
    ),
    action('resolve', 'a field', { note: 'x' }, /unknown field\(s\) note/),
    subscription('no url', {}, /url is required/),
    subscription(
      'a javascript: url',
      { url: 'javascript:alert(1)' },
      /url must be an absolute http\(s\) URL/,
    ),
    subscription(
      'an ftp url',
      { url: 'ftp://backstage.example.com/x' },
      /url must be an absolute http\(s\) URL/,
    ),
    subscription(
      'a lower-case service id',
      { url, serviceIds: ['pchkout'] },
      /serviceIds\.0: must be a PagerDuty service id/,
    ),
    subscription(
      'an unknown service id',
      { url, serviceIds: [SEED.services.checkout, 'PNOSUCH1'] },
      /has no service PNOSUCH1; expected ids of existing services/,
    ),
    subscription('no events', { url, events: [] }, /events/),
    subscription(
      'a description of 256 characters',
      { url, description: 'd'.repeat(256) },
      /description/,
    ),
    subscription(
      'an unknown field',
      { url, secret: 'x' },
      /unknown field\(s\) secret/,
    ),
  ];
}

// ------------------------------------------------------------------ webhook receiver

function webhookCases(): Case[] {
  const event = JSON.stringify({
    event: {
      id: 'EVT-bad-input',
      event_type: 'incident.acknowledged',
      data: {
        id: INCIDENT,
        type: 'incident',
        service: { id: SEED.services.checkout },
      },
    },
  });
  const malformed = '{"event": {"event_type": "incident.acknowledged"';
  const notV3 = '{"messages": [{"event": "incident.trigger"}]}';
  const big = `{"event":{"event_type":"incident.triggered","x":"${'a'.repeat(
    300 * 1024,
  )}"}}`;
  const webhook = (
    name: string,
    body: string,
    headers: Record<string, string>,
    status: number,
    code: PagerDutyErrorCode,
    message: RegExp,
  ): Case => ({
    name: `POST webhooks: ${name}`,
    method: 'POST',
    path: '/webhooks',
    auth: null,
    body,
    headers: { ...json, ...headers },
    status,
    code,
    message,
  });
  return [
    webhook(
      'no signature',
      event,
      {},
      401,
      'PAGERDUTY_UNAUTHENTICATED',
      /Missing X-PagerDuty-Signature/,
    ),
    webhook(
      'a wrong signature',
      event,
      { 'X-PagerDuty-Signature': `v1=${'0'.repeat(64)}` },
      401,
      'PAGERDUTY_UNAUTHENTICATED',
      /Invalid X-PagerDuty-Signature/,
    ),
    webhook(
      'the signature of another body',
      event,
      { 'X-PagerDuty-Signature': sign(notV3) },
      401,
      'PAGERDUTY_UNAUTHENTICATED',
      /Invalid X-PagerDuty-Signature/,
    ),
    webhook(
      'signed malformed JSON',
      malformed,
      { 'X-PagerDuty-Signature': sign(malformed) },
      400,
      'PAGERDUTY_MALFORMED_JSON',
      /webhook body is not valid JSON/,
    ),
    webhook(
      'a signed body that is not Webhooks v3',
      notV3,
      { 'X-PagerDuty-Signature': sign(notV3) },
      400,
      'PAGERDUTY_INVALID_REQUEST',
      /not a PagerDuty Webhooks v3 payload: expected \{"event"/,
    ),
    webhook(
      'a body over 256 KB',
      big,
      { 'X-PagerDuty-Signature': sign(big) },
      413,
      'PAGERDUTY_PAYLOAD_TOO_LARGE',
      /webhook body is larger than 256 KB/,
    ),
    webhook(
      'an unknown Content-Encoding',
      event,
      { 'X-PagerDuty-Signature': sign(event), 'Content-Encoding': 'x-unknown' },
      415,
      'PAGERDUTY_UNSUPPORTED_MEDIA_TYPE',
      /webhook body has an unsupported Content-Encoding/,
    ),
  ];
}

const CASES: Case[] = [
  ...pathCases(),
  ...bodyCases(),
  ...schemaCases(),
  ...webhookCases(),
];

describe('bad input on every route', () => {
  let sim: PagerDutySimulator;
  let knex: Knex;
  let backend: TestBackend;
  const logs = new LogRecorder();
  /** What each case was answered, for the check after all of them. */
  const answers: Array<{ name: string; status: number }> = [];

  // Not reset between cases: the check after them looks at everything they did.
  useSimulator(s => (sim = s), { reset: false });
  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    backend = await startBackend({
      knex,
      logs,
      pagerDuty: simAccount(sim, {
        client: { maxRetries: 0, timeoutMs: 5000 },
        webhooks: { secrets: [SECRET] },
      }),
    });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it.each(CASES.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    let req = request(backend.server)[c.method === 'GET' ? 'get' : 'post'](
      `/api/pagerduty${c.path}`,
    );
    const auth = c.auth === undefined ? ALICE : c.auth;
    if (auth) req = req.set('Authorization', auth);
    if (c.headers) req = req.set(c.headers);
    if (c.body !== undefined) req = req.send(c.body as any);
    const res = await req;
    answers.push({ name: c.name, status: res.status });
    expect({
      status: res.status,
      code: res.body?.error?.code,
      name: typeof res.body?.error?.name,
    }).toEqual({ status: c.status, code: c.code, name: 'string' });
    expect(res.body.error.message).toMatch(c.message);
    expect(res.body.response).toEqual({ statusCode: c.status });
    expectDocumented(c.method, c.path, res.status, res.body);
  });

  it('answered every case with a 4xx, wrote nothing and logged no unexpected error', async () => {
    expect(answers).toHaveLength(CASES.length);
    expect(answers.filter(a => a.status >= 500)).toEqual([]);
    // Nothing stored: no outbox row, no webhook id.
    expect(await knex('pagerduty_trigger_outbox').count({ n: '*' })).toEqual([
      { n: 0 },
    ]);
    expect(
      await knex('pagerduty_webhook_deliveries').count({ n: '*' }),
    ).toEqual([{ n: 0 }]);
    // No write reached PagerDuty (reads, e.g. the service lookup, may have).
    const writes = Object.keys(sim.stats().byRoute).filter(route =>
      /^(POST|PUT|DELETE|PATCH) /.test(route),
    );
    expect(writes).toEqual([]);
    expect(sim.state.incidents.get(INCIDENT)!.status).toBe('triggered');
    expect(logs.lines.filter(l => l.startsWith('error '))).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(`${CASES.length} bad-input cases, every one a 4xx`);
  });
});
