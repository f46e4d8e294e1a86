/*
 * The pipeline contract against the simulator: a service principal triggers, acknowledges
 * and resolves by dedup key and records a change event, all through the outbox.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PagerDutySimulator } from '@backstage-pagerduty/pagerduty-simulator';
import { useOutboxBackends, waitFor } from '../__testUtils__/backend';

const PIPELINE = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci-pipelines'),
  targetPluginId: 'pagerduty',
});

describe('pipelines: events by dedup key and change events through the outbox', () => {
  let sim: PagerDutySimulator;
  const startBackend = useOutboxBackends(s => (sim = s));

  it('triggers, acknowledges and resolves by dedup key in order, sent back to back', async () => {
    const backend = await startBackend();
    const entity = '/entities/component/default/checkout';
    const trigger = await backend.post(
      `${entity}/incidents`,
      {
        summary: 'Deploy 42 failed smoke tests',
        severity: 'critical',
        dedupKey: 'deploy-42',
        client: 'GitHub Actions',
        clientUrl: 'https://github.com/acme/checkout/actions/runs/42',
      },
      PIPELINE,
    );
    expect(trigger.status).toBe(202);
    const ack = await backend.post(
      `${entity}/events`,
      { action: 'acknowledge', dedupKey: 'deploy-42' },
      PIPELINE,
    );
    expect(ack.status).toBe(202);
    const resolve = await backend.post(
      `${entity}/events`,
      { action: 'resolve', dedupKey: 'deploy-42' },
      PIPELINE,
    );
    expect(resolve.status).toBe(202);
    expect(resolve.body).toMatchObject({
      status: 'queued',
      dedupKey: 'deploy-42',
      entityRef: 'component:default/checkout',
    });
    const incident = await waitFor(
      () =>
        [...sim.state.incidents.values()].find(
          i => i.incidentKey === 'deploy-42' && i.status === 'resolved',
        ),
      10_000,
      'the resolved incident',
    );
    expect(incident.logEntries.map(e => e.type)).toEqual(
      expect.arrayContaining([
        'trigger_log_entry',
        'acknowledge_log_entry',
        'resolve_log_entry',
      ]),
    );
    // Every outbox row was delivered (GET /triggers/{id} tells any row's state).
    const status = await backend.get(
      `/triggers/${resolve.body.ids[0]}`,
      PIPELINE,
    );
    expect(status.body.status).toBe('delivered');
  });

  it('records a change event with links that the change events section shows', async () => {
    const backend = await startBackend();
    const res = await backend.post(
      '/entities/component/default/checkout/change-events',
      {
        summary: 'Deployed checkout 1.4.2',
        source: 'github-actions',
        links: [
          {
            href: 'https://github.com/acme/checkout/releases/1.4.2',
            text: 'Release',
          },
        ],
      },
      PIPELINE,
    );
    expect(res.status).toBe(202);
    await backend.waitForSignals(1);
    expect(backend.signals[0].message).toMatchObject({
      eventType: 'change_event.created',
      sections: ['change-events'],
    });
    const section = await backend.get(
      '/entities/component/default/checkout/change-events',
    );
    expect(section.body.changeEvents[0]).toMatchObject({
      summary: 'Deployed checkout 1.4.2',
      source: 'github-actions',
      links: [
        {
          href: 'https://github.com/acme/checkout/releases/1.4.2',
          text: 'Release',
        },
      ],
    });
  });

  it('answers 400 for a service without an Events API v2 integration, and queues nothing', async () => {
    const backend = await startBackend();
    const res = await backend.post(
      '/entities/component/default/no-integration/change-events',
      { summary: 'Deployed' },
      PIPELINE,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /has no Events API v2 integration; change events need one/,
    );
  });

  it('answers 403 when the policy denies, and sends nothing', async () => {
    const backend = await startBackend({
      permission: AuthorizeResult.DENY,
    });
    const res = await backend.post(
      '/entities/component/default/checkout/events',
      { action: 'resolve', dedupKey: 'x' },
      PIPELINE,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /not allowed to manage PagerDuty incidents/,
    );
    expect(sim.stats().byRoute['POST /v2/enqueue'] ?? 0).toBe(0);
  });
});
