/*
 * Owner notifications with two replicas on one database: PagerDuty delivers the same
 * incident.triggered event to both (one webhook subscription each); the owning group gets
 * exactly one notification. And a missed SLA target is notified once, however often checked.
 */
import { AddressInfo } from 'node:net';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import {
  component,
  simAccount,
  startBackend,
  stopBackends,
  waitFor,
} from '../__testUtils__/backend';

jest.setTimeout(120_000);

const SECRET = 'whsec_notifications_test_0123456789';
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const checkout = {
  ...component('checkout', {
    'pagerduty.com/service-id': SEED.services.checkout,
  }),
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/commerce',
  },
};

describe.each(databases.eachSupportedId())('owner notifications (%s)', id => {
  let sim: PagerDutySimulator;
  const sent: NotificationSendOptions[] = [];
  const notifications = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({
      send: async (options: NotificationSendOptions) => {
        sent.push(options);
      },
    }),
  });

  beforeAll(async () => {
    sim = await startPagerDutySimulator({
      port: 0,
      rateLimits: false,
      webhookDelivery: { maxAttempts: 3, backoffMs: 100, timeoutMs: 2000 },
    });
  });
  afterAll(() => sim.stop());
  afterEach(stopBackends);
  beforeEach(() => {
    sim.reset();
    sent.length = 0;
  });

  async function replicas(
    knex: any,
    extra: Record<string, unknown> = {},
    extraFeatures: any[] = [],
  ) {
    const config = simAccount(sim, {
      webhooks: { secrets: [SECRET] },
      notifications: { enabled: true },
      ...extra,
    });
    const started = [];
    for (let i = 0; i < 2; i++) {
      const handle = await startBackend({
        knex,
        pagerDuty: config,
        entities: [checkout],
        extraFeatures: [notifications, ...extraFeatures],
      });
      const port = (handle.backend.server.address() as AddressInfo).port;
      sim.state.webhookSubscriptions.set(`PWHREP${i}`, {
        id: `PWHREP${i}`,
        url: `http://127.0.0.1:${port}/api/pagerduty/webhooks`,
        secrets: [SECRET],
        events: ['incident.triggered'],
        description: `replica ${i}`,
        filter: { type: 'account_reference' },
        active: true,
        customHeaders: [],
      });
      started.push(handle);
    }
    return started;
  }

  it('sends exactly one notification to the owning group for a triggered incident', async () => {
    const knex = await databases.init(id);
    await replicas(knex);
    const trigger = await fetch(`${sim.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: SEED.integrationKeys.checkout,
        event_action: 'trigger',
        payload: {
          summary: 'Checkout is down',
          source: 'test',
          severity: 'critical',
        },
      }),
    });
    expect(trigger.status).toBe(202);
    await sim.waitForWebhooks();
    expect(sim.stats().webhooksSent).toBe(2);
    await waitFor(() => sent.length > 0);
    // Both replicas have handled their delivery by now; give a late duplicate a chance to show.
    await new Promise(r => setTimeout(r, 500));
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/commerce',
    });
    expect(sent[0].payload).toMatchObject({
      title: expect.stringContaining('Checkout is down'),
      severity: 'critical',
      topic: 'pagerduty',
    });
    const rows = await knex('pagerduty_owner_notifications').select();
    expect(rows).toHaveLength(1);
  });

  it('notifies a missed SLA target once, with both replicas checking', async () => {
    const knex = await databases.init(id);
    // Both replicas run the SLA check at start-up (the real scheduler runs it on one replica
    // a minute; here both run it, so only the shared claim keeps the notification single).
    await replicas(
      knex,
      { sla: { urgency: { high: { acknowledge: '1m' } } } },
      [
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
      ],
    );
    // The seed's open high-urgency incidents of checkout still triggered are overdue for
    // acknowledgement by now (opened minutes ago against a 1-minute target).
    const overdue = [...sim.state.incidents.values()].filter(
      i =>
        i.serviceId === SEED.services.checkout &&
        i.status === 'triggered' &&
        i.urgency === 'high',
    );
    expect(overdue.length).toBeGreaterThan(0);
    await waitFor(async () => {
      const rows = await knex('pagerduty_owner_notifications').select();
      return rows.length >= overdue.length;
    });
    await new Promise(r => setTimeout(r, 500));
    const breaches = sent.filter(n =>
      String(n.payload.title).startsWith('SLA breached'),
    );
    expect(breaches).toHaveLength(overdue.length);
    for (const incident of overdue) {
      expect(breaches).toContainEqual(
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: 'group:default/commerce' },
          payload: expect.objectContaining({
            title: expect.stringContaining(incident.title),
            description: expect.stringMatching(/^Not acknowledged by /),
          }),
        }),
      );
    }
    // Acknowledged incidents met their acknowledgement target: nothing for them.
    expect(
      sent.every(n => !String(n.payload.description).includes('resolved')),
    ).toBe(true);
  });
});
