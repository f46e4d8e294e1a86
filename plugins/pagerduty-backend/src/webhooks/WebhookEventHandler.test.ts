import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DEMO_TOKEN,
  PagerDutySimulator,
  SEED,
} from '@backstage-pagerduty/pagerduty-simulator';
import { PagerDutyServiceSignal } from '@backstage-pagerduty/plugin-pagerduty-common';
import { DefaultPagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import { noCache, useSimulator } from '../__testUtils__/backend';
import { LiveUpdates } from '../services/LiveUpdates';
import { WebhookEventHandler } from './WebhookEventHandler';
import { EventParams, EventsService } from '@backstage/plugin-events-node';

describe('WebhookEventHandler', () => {
  let sim: PagerDutySimulator;
  useSimulator(s => (sim = s));

  function handlerWith(
    signals: PagerDutyServiceSignal[],
    events?: EventsService,
  ) {
    const pagerDuty = DefaultPagerDutyClientService.fromConfig(
      new ConfigReader({
        pagerDuty: {
          apiToken: DEMO_TOKEN,
          apiBaseUrl: sim.url,
          eventsBaseUrl: sim.url,
          client: { maxRetries: 0 },
        },
      }),
      { logger: mockServices.logger.mock(), cache: noCache },
    );
    return new WebhookEventHandler({
      pagerDuty,
      liveUpdates: new LiveUpdates({
        pagerDuty,
        onSignal: signal => signals.push(signal),
      }),
      logger: mockServices.logger.mock(),
      retry: { attempts: 2, initialMs: 50, maxMs: 50 },
      events,
    });
  }

  // `incident.annotated` carries a reference to the incident, not its service: the handler
  // has to ask PagerDuty for the incident.
  const annotated = {
    id: 'evt-annotated-1',
    event_type: 'incident.annotated',
    resource_type: 'incident',
    data: {
      type: 'incident_note',
      content: 'a note',
      incident: {
        id: SEED.incidents.checkoutTriggered,
        type: 'incident_reference',
      },
    },
  };

  it('republishes service events on pagerduty.service for the catalog module, and signals', async () => {
    const signals: PagerDutyServiceSignal[] = [];
    const published: EventParams[] = [];
    const events = {
      publish: async (params: EventParams) => {
        published.push(params);
      },
      subscribe: async () => {},
    };
    const handler = handlerWith(signals, events);
    for (const eventType of ['service.updated', 'service.deleted']) {
      handler.enqueue('default', {
        id: `evt-${eventType}`,
        event_type: eventType,
        resource_type: 'service',
        occurred_at: '2026-11-24T10:00:00.000Z',
        data: {
          id: SEED.services.checkout,
          type: 'service',
          summary: 'Checkout',
        },
      });
    }
    // Incident events are not republished.
    handler.enqueue('default', annotated);
    await handler.idle();
    expect(published).toEqual([
      {
        topic: 'pagerduty.service',
        eventPayload: {
          account: 'default',
          eventType: 'service.updated',
          serviceId: SEED.services.checkout,
          occurredAt: '2026-11-24T10:00:00.000Z',
        },
      },
      {
        topic: 'pagerduty.service',
        eventPayload: expect.objectContaining({ eventType: 'service.deleted' }),
      },
    ]);
    expect(signals.map(s => s.eventType)).toEqual(
      expect.arrayContaining(['service.updated', 'service.deleted']),
    );
  });

  it('retries an event whose handling failed, and then signals', async () => {
    const signals: PagerDutyServiceSignal[] = [];
    const handler = handlerWith(signals);
    sim.setFaults({
      rules: [
        { route: 'GET /incidents/{id}', mode: 'error', status: 503, count: 2 },
      ],
    });
    handler.enqueue('default', annotated);
    await handler.idle();
    expect(sim.stats().byRoute['GET /incidents/{id}']).toBe(3);
    expect(signals).toEqual([
      expect.objectContaining({
        serviceId: SEED.services.checkout,
        eventType: 'incident.annotated',
        incidentId: SEED.incidents.checkoutTriggered,
      }),
    ]);
  });

  it('gives up after the last retry', async () => {
    const signals: PagerDutyServiceSignal[] = [];
    const handler = handlerWith(signals);
    sim.setFaults({
      rules: [{ route: 'GET /incidents/{id}', mode: 'error', status: 503 }],
    });
    handler.enqueue('default', annotated);
    await handler.idle();
    expect(sim.stats().byRoute['GET /incidents/{id}']).toBe(3);
    expect(signals).toEqual([]);
  });
});
