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
import { IncidentActionsService } from '../services/IncidentActionsService';
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
  };
  const triggers = { trigger: jest.fn(), status: jest.fn() };
  const incidents = { act: jest.fn() };
  const health = { check: jest.fn() };
  const logger = mockServices.logger.mock();
  const router = createRouter({
    logger,
    httpAuth: mockServices.httpAuth(),
    auditor: mockServices.auditor.mock(),
    cardData: cardData as unknown as CardDataService,
    health: health as unknown as HealthService,
    triggers: triggers as unknown as TriggerService,
    incidents: incidents as unknown as IncidentActionsService,
    receiver: { maxBodyBytes: 1024 } as WebhookReceiver,
    subscriptions: {} as WebhookSubscriptionService,
    deadlineMs: 200,
  });
  const app = express().use(router);
  return { app, cardData, triggers, incidents, health, logger };
}

describe('createRouter', () => {
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
});
