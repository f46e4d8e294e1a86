/*
 * The plugin's actions through the real actions registry, over HTTP (as the MCP actions server
 * and other plugins call them), against the simulator.
 */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PagerDutySimulator } from '@backstage-pagerduty/pagerduty-simulator';
import { ALICE, useOutboxBackends, waitFor } from '../__testUtils__/backend';

const ACTIONS = '/.backstage/actions/v1/actions';

describe('pagerduty actions in the actions registry', () => {
  let sim: PagerDutySimulator;
  const startBackend = useOutboxBackends(s => (sim = s));

  it('lists the eight actions with their attributes', async () => {
    const backend = await startBackend();
    const res = await backend.get(ACTIONS);
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(
      res.body.actions.map((a: any) => [a.id, a.attributes]),
    );
    expect(byId).toEqual({
      'pagerduty:get-oncall': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'pagerduty:list-open-incidents': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'pagerduty:get-incident': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'pagerduty:trigger-incident': {
        readOnly: false,
        idempotent: false,
        destructive: false,
      },
      'pagerduty:acknowledge-incident': {
        readOnly: false,
        idempotent: true,
        destructive: false,
      },
      'pagerduty:resolve-incident': {
        readOnly: false,
        idempotent: true,
        destructive: true,
      },
      'pagerduty:add-incident-note': {
        readOnly: false,
        idempotent: false,
        destructive: false,
      },
      'pagerduty:send-change-event': {
        readOnly: false,
        idempotent: false,
        destructive: false,
      },
    });
    for (const action of res.body.actions) {
      expect(action.description.length).toBeGreaterThan(40);
      expect(action.schema.input.properties.entityRef).toBeDefined();
    }
  });

  it('names who is on call for an entity, with their email', async () => {
    const backend = await startBackend();
    const res = await backend.post(`${ACTIONS}/pagerduty:get-oncall/invoke`, {
      entityRef: 'component:default/checkout',
    });
    expect(res.status).toBe(200);
    const oncall = res.body.output.oncall as Array<any>;
    expect(oncall.length).toBeGreaterThan(0);
    expect(oncall[0]).toMatchObject({
      escalationPolicy: 'Checkout Escalation',
      level: 1,
      name: expect.any(String),
      email: expect.stringMatching(/@example\.com$/),
    });
  });

  it('triggers through the outbox, lists, reads with notes, acknowledges and resolves, all audited', async () => {
    const backend = await startBackend();
    const invoke = (name: string, input: object) =>
      backend.post(`${ACTIONS}/pagerduty:${name}/invoke`, input, ALICE);
    const entityRef = 'component:default/checkout';

    const triggered = await invoke('trigger-incident', {
      entityRef,
      summary: 'From an AI agent',
      severity: 'critical',
      dedupKey: 'agent-1',
    });
    expect(triggered.status).toBe(200);
    expect(triggered.body.output).toMatchObject({
      dedupKey: 'agent-1',
      status: 'queued',
    });
    const incident = await waitFor(
      () =>
        [...sim.state.incidents.values()].find(
          i => i.incidentKey === 'agent-1',
        ),
      10_000,
      'the incident in PagerDuty',
    );

    const listed = await invoke('list-open-incidents', { entityRef });
    expect(listed.body.output.incidents.map((i: any) => i.id)).toContain(
      incident.id,
    );

    expect(
      (
        await invoke('add-incident-note', {
          entityRef,
          incidentId: incident.id,
          content: 'Looking',
        })
      ).status,
    ).toBe(200);
    const read = await invoke('get-incident', {
      entityRef,
      incidentId: incident.id,
    });
    expect(read.body.output.incident.title).toBe('From an AI agent');
    expect(read.body.output.notes.map((n: any) => n.content)).toEqual([
      'Looking',
    ]);

    const acked = await invoke('acknowledge-incident', {
      entityRef,
      incidentId: incident.id,
    });
    expect(acked.body.output.incident.status).toBe('acknowledged');
    const resolved = await invoke('resolve-incident', {
      entityRef,
      incidentId: incident.id,
    });
    expect(resolved.body.output.incident.status).toBe('resolved');

    expect(
      backend.audits
        .filter(a => a.meta.via === 'actions-registry')
        .map(a => [a.eventId, a.outcome, a.meta.actor]),
    ).toEqual([
      ['incident-trigger', 'success', 'user:default/alice'],
      ['incident-note', 'success', 'user:default/alice'],
      ['incident-acknowledge', 'success', 'user:default/alice'],
      ['incident-resolve', 'success', 'user:default/alice'],
    ]);
  });

  it('records a change event that the change events section then shows', async () => {
    const backend = await startBackend();
    const res = await backend.post(
      `${ACTIONS}/pagerduty:send-change-event/invoke`,
      {
        entityRef: 'component:default/checkout',
        summary: 'Deployed 1.4.2 by agent',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.output.ids).toHaveLength(1);
    await waitFor(
      async () => {
        const section = await backend.get(
          '/entities/component/default/checkout/change-events',
        );
        return section.body.changeEvents?.some(
          (c: any) => c.summary === 'Deployed 1.4.2 by agent',
        );
      },
      10_000,
      'the change event on the card',
    );
  });

  it('refuses a denied user: nothing is queued, nothing reaches PagerDuty, the denial is audited', async () => {
    const backend = await startBackend({
      permission: AuthorizeResult.DENY,
    });
    const before = sim.stats().byRoute['POST /v2/enqueue'] ?? 0;
    const res = await backend.post(
      `${ACTIONS}/pagerduty:trigger-incident/invoke`,
      {
        entityRef: 'component:default/checkout',
        summary: 'Should not page',
        severity: 'critical',
      },
      ALICE,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /not allowed to trigger PagerDuty incidents for component:default\/checkout/,
    );
    const change = await backend.post(
      `${ACTIONS}/pagerduty:send-change-event/invoke`,
      { entityRef: 'component:default/checkout', summary: 'No' },
      ALICE,
    );
    expect(change.status).toBe(403);
    await new Promise(r => setTimeout(r, 200));
    expect(sim.stats().byRoute['POST /v2/enqueue'] ?? 0).toBe(before);
    expect(
      [...sim.state.incidents.values()].some(
        i => i.title === 'Should not page',
      ),
    ).toBe(false);
    expect(backend.audits.map(a => [a.eventId, a.outcome])).toEqual([
      ['incident-trigger', 'fail'],
      ['change-event', 'fail'],
    ]);
  });

  it('answers 400 naming the problem for a malformed entity ref', async () => {
    const backend = await startBackend();
    const res = await backend.post(`${ACTIONS}/pagerduty:get-oncall/invoke`, {
      entityRef: 'component:default/',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /entityRef must be an entity reference/,
    );
  });
});
