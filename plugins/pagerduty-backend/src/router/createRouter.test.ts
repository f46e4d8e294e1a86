/*
 * The router against mocked services (the shape of the `backstage-cli new` templates): the
 * handlers are thin, pass validated, typed input to one service, and every error, whatever
 * throws it, is answered by the one error middleware.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { PagerDutyApiError } from '@backstage-pagerduty/plugin-pagerduty-node';
import express from 'express';
import request from 'supertest';
import { CardDataService } from '../services/CardDataService';
import { HealthService } from '../services/HealthService';
import { MeService } from '../services/MeService';
import { InsightsService } from '../services/InsightsService';
import { IncidentActionsService } from '../services/IncidentActionsService';
import { OutboxEventService } from '../services/OutboxEventService';
import { TriggerService } from '../services/TriggerService';
import { WebhookSubscriptionService } from '../services/WebhookSubscriptionService';
import { WebhookReceiver } from '../webhooks/WebhookReceiver';
import { createRouter } from './createRouter';

const ENTITY = '/entities/component/default/checkout';

function setUp() {
  const cardData = {
    services: jest.fn(),
    incidents: jest.fn(),
    onCall: jest.fn(),
    changeEvents: jest.fn(),
    prepare: jest.fn(),
    section: jest.fn(),
  };
  const triggers = { trigger: jest.fn(), status: jest.fn() };
  const incidents = { act: jest.fn() };
  const outboxEvents = { changeEvent: jest.fn(), incidentEvent: jest.fn() };
  const health = {
    check: jest.fn(),
    liveUpdatesAcrossReplicas: jest.fn(() => true),
  };
  const logger = mockServices.logger.mock();
  const router = createRouter({
    logger,
    httpAuth: mockServices.httpAuth(),
    auditor: mockServices.auditor.mock(),
    cardData: cardData as unknown as CardDataService,
    health: health as unknown as HealthService,
    insights: { insights: jest.fn() } as unknown as InsightsService,
    me: { onCall: jest.fn(), services: jest.fn() } as unknown as MeService,
    triggers: triggers as unknown as TriggerService,
    incidents: incidents as unknown as IncidentActionsService,
    outboxEvents: outboxEvents as unknown as OutboxEventService,
    receiver: { maxBodyBytes: 1024 } as WebhookReceiver,
    subscriptions: {} as WebhookSubscriptionService,
    deadlineMs: 200,
  });
  const app = express().use(router);
  return { app, cardData, triggers, incidents, outboxEvents, health, logger };
}

describe('createRouter', () => {
  it('queues a change event and an acknowledge by dedup key with the validated body and the caller', async () => {
    const { app, outboxEvents } = setUp();
    outboxEvents.changeEvent.mockResolvedValue({
      ids: ['o1'],
      entityRef: 'component:default/checkout',
      status: 'queued',
    });
    outboxEvents.incidentEvent.mockResolvedValue({
      ids: ['o2'],
      entityRef: 'component:default/checkout',
      status: 'queued',
      dedupKey: 'deploy-42',
    });
    const change = await request(app)
      .post(`${ENTITY}/change-events`)
      .send({ summary: ' Deployed v2 ', links: [{ href: 'https://ci/42' }] });
    expect(change.status).toBe(202);
    expect(outboxEvents.changeEvent).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'checkout' },
      { summary: 'Deployed v2', links: [{ href: 'https://ci/42' }] },
      mockCredentials.user(),
    );
    const ack = await request(app)
      .post(`${ENTITY}/events`)
      .send({ action: 'acknowledge', dedupKey: 'deploy-42' });
    expect(ack.status).toBe(202);
    expect(ack.body.dedupKey).toBe('deploy-42');
    expect(outboxEvents.incidentEvent).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'checkout' },
      { action: 'acknowledge', dedupKey: 'deploy-42' },
      mockCredentials.user(),
    );
  });

  it('answers 400 naming the field for a bad change event or event, without calling the service', async () => {
    const { app, outboxEvents } = setUp();
    const noSummary = await request(app)
      .post(`${ENTITY}/change-events`)
      .send({ timestamp: 'yesterday' });
    expect(noSummary.status).toBe(400);
    expect(noSummary.body.error.message).toMatch(/summary is required/);
    expect(noSummary.body.error.message).toMatch(
      /timestamp must be an ISO 8601/,
    );
    const badAction = await request(app)
      .post(`${ENTITY}/events`)
      .send({ action: 'trigger', dedupKey: 'k' });
    expect(badAction.status).toBe(400);
    expect(badAction.body.error.message).toMatch(
      /action must be acknowledge or resolve/,
    );
    expect(outboxEvents.changeEvent).not.toHaveBeenCalled();
    expect(outboxEvents.incidentEvent).not.toHaveBeenCalled();
  });

  it('passes the validated entity and the caller’s credentials to the card service', async () => {
    const { app, cardData } = setUp();
    cardData.incidents.mockResolvedValue({ incidents: [] });
    const res = await request(app).get(`${ENTITY}/incidents`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ incidents: [] });
    expect(cardData.incidents).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'checkout' },
      mockCredentials.user(),
    );
  });

  it('hands the trigger service a parsed request, never the raw body', async () => {
    const { app, triggers } = setUp();
    triggers.trigger.mockResolvedValue({ id: 't1' });
    const res = await request(app)
      .post(`${ENTITY}/incidents`)
      .send({ summary: '  Checkout down  ', severity: 'error' });
    expect(res.status).toBe(202);
    expect(triggers.trigger).toHaveBeenCalledWith(
      expect.anything(),
      { summary: 'Checkout down', severity: 'error' },
      mockCredentials.user(),
    );
  });

  it('hands the incident service a typed action', async () => {
    const { app, incidents } = setUp();
    incidents.act.mockResolvedValue({
      incident: { id: 'PINC1', status: 'acknowledged' },
      entityRef: 'component:default/checkout',
      serviceId: 'PSVC1',
    });
    await request(app).post(`${ENTITY}/incidents/PINC1/acknowledge`);
    await request(app)
      .post(`${ENTITY}/incidents/PINC1/reassign`)
      .send({ userId: 'PUSER01' });
    expect(incidents.act.mock.calls.map(c => [c[1], c[2]])).toEqual([
      ['PINC1', { action: 'acknowledge' }],
      ['PINC1', { action: 'reassign', reassign: { userId: 'PUSER01' } }],
    ]);
  });

  it('answers an unexpected error 500 with a request id, and logs it without the request body', async () => {
    const { app, triggers, logger } = setUp();
    triggers.trigger.mockRejectedValue(new TypeError('x is not a function'));
    const res = await request(app)
      .post(`${ENTITY}/incidents`)
      .send({ summary: 'secret-body-marker', severity: 'error' });
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({
      name: 'PagerDutyInternalError',
      code: 'PAGERDUTY_INTERNAL_ERROR',
      message: expect.stringMatching(
        /^Unexpected error; request id [0-9a-f-]{36}$/,
      ),
    });
    const requestId = res.body.error.message.split(' ').pop();
    expect(logger.error).toHaveBeenCalledTimes(1);
    const [line, logged] = logger.error.mock.calls[0];
    expect(line).toBe(
      `Unexpected error in POST ${ENTITY}/incidents (request ${requestId})`,
    );
    expect(logged).toMatchObject({
      name: 'TypeError',
      message: 'x is not a function',
    });
    expect(
      JSON.stringify([line, logged, (logged as Error).stack]),
    ).not.toContain('secret-body-marker');
  });

  it('keeps a catalog 4xx a 4xx, and maps PagerDuty’s answers', async () => {
    const { app, cardData } = setUp();
    const catalog400 = Object.assign(new Error('Invalid entity ref'), {
      name: 'ResponseError',
      statusCode: 400,
    });
    cardData.services.mockRejectedValueOnce(catalog400);
    cardData.services.mockRejectedValueOnce(new NotFoundError('no entity'));
    cardData.services.mockRejectedValueOnce(
      new PagerDutyApiError({ kind: 'rate-limited', message: '429' }),
    );
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(app).get(`${ENTITY}/services`);
      answers.push([res.status, res.body.error.code, res.body.error.name]);
    }
    expect(answers).toEqual([
      [400, 'PAGERDUTY_INVALID_REQUEST', 'InputError'],
      [404, 'PAGERDUTY_NOT_FOUND', 'NotFoundError'],
      [503, 'PAGERDUTY_RATE_LIMITED', 'PagerDutyError'],
    ]);
  });

  it('answers 503 when a section takes longer than the deadline', async () => {
    const { app, cardData } = setUp();
    cardData.onCall.mockReturnValue(new Promise(() => {}));
    const res = await request(app).get(`${ENTITY}/oncall`);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({
      code: 'PAGERDUTY_UNAVAILABLE',
      message: 'PagerDuty did not answer within 200 ms',
    });
  });

  describe('the combined card read', () => {
    it('prepares the entity once and answers each section as its own route would', async () => {
      const { app, cardData, logger } = setUp();
      const entity = { resolved: {}, results: [] };
      cardData.prepare.mockResolvedValue(entity);
      cardData.section.mockImplementation(async (name: string) => {
        if (name === 'oncall') {
          throw new PagerDutyApiError({ kind: 'unavailable', message: '503' });
        }
        if (name === 'change-events') {
          throw new TypeError('x is not a function');
        }
        return { [name]: [] };
      });
      const res = await request(app).get(`${ENTITY}/card`);
      expect(res.status).toBe(200);
      expect(cardData.prepare).toHaveBeenCalledTimes(1);
      expect(cardData.prepare).toHaveBeenCalledWith(
        { kind: 'component', namespace: 'default', name: 'checkout' },
        mockCredentials.user(),
      );
      expect(cardData.section.mock.calls).toEqual([
        ['services', entity],
        ['incidents', entity],
        ['oncall', entity],
        ['change-events', entity],
      ]);
      // Whether the card may trust signals, from the health service.
      expect(res.body.liveUpdates).toEqual({ acrossReplicas: true });
      const { sections } = res.body;
      expect(sections.services).toEqual({
        status: 200,
        body: { services: [] },
      });
      expect(sections.incidents.status).toBe(200);
      expect(sections.oncall).toMatchObject({
        status: 503,
        body: {
          error: { code: 'PAGERDUTY_UNAVAILABLE' },
          response: { statusCode: 503 },
        },
      });
      // A bug in one section is that section's 500, logged with its request id.
      expect(sections['change-events']).toMatchObject({
        status: 500,
        body: { error: { code: 'PAGERDUTY_INTERNAL_ERROR' } },
      });
      expect(logger.error).toHaveBeenCalledTimes(1);
    });

    it('reads only the sections asked for, in the card’s order', async () => {
      const { app, cardData } = setUp();
      cardData.prepare.mockResolvedValue({});
      cardData.section.mockResolvedValue({});
      const res = await request(app).get(
        `${ENTITY}/card?sections=oncall,incidents`,
      );
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.sections)).toEqual(['incidents', 'oncall']);
      expect(cardData.section.mock.calls.map(c => c[0])).toEqual([
        'incidents',
        'oncall',
      ]);
    });

    it.each([
      [
        'sections=',
        /Invalid sections parameter; expected a comma-separated list of services, incidents, oncall, change-events/,
      ],
      [
        'sections=incidents,nope',
        /Invalid section\(s\) "nope" in the sections parameter; expected/,
      ],
      ['sections=oncall,oncall', /names a section twice/],
      ['sections=oncall&sections=services', /Invalid sections parameter/],
      [
        'section=oncall',
        /Unknown query parameter\(s\) section; expected only "sections"/,
      ],
    ])(
      'answers ?%s with a 400 that says what is expected',
      async (query, message) => {
        const { app, cardData } = setUp();
        const res = await request(app).get(`${ENTITY}/card?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('PAGERDUTY_INVALID_REQUEST');
        expect(res.body.error.message).toMatch(message);
        expect(cardData.prepare).not.toHaveBeenCalled();
      },
    );

    it('answers the entity’s own failure for the whole request', async () => {
      const { app, cardData } = setUp();
      cardData.prepare.mockRejectedValue(new NotFoundError('no entity'));
      const res = await request(app).get(`${ENTITY}/card`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('PAGERDUTY_NOT_FOUND');
      expect(cardData.section).not.toHaveBeenCalled();
    });

    it('gives a slow section its own 503 and still answers the others', async () => {
      const { app, cardData } = setUp();
      cardData.prepare.mockResolvedValue({});
      cardData.section.mockImplementation((name: string) =>
        name === 'oncall' ? new Promise(() => {}) : Promise.resolve({}),
      );
      const res = await request(app).get(`${ENTITY}/card`);
      expect(res.status).toBe(200);
      expect(res.body.sections.oncall).toMatchObject({
        status: 503,
        body: {
          error: {
            code: 'PAGERDUTY_UNAVAILABLE',
            message: 'PagerDuty did not answer within 200 ms',
          },
        },
      });
      expect(res.body.sections.services.status).toBe(200);
    });
  });
});
