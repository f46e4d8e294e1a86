import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { scaffolderModulePagerDuty } from '../module';

describe('pagerduty:service:create against the simulator', () => {
  let sim: PagerDutySimulator;
  let actions: Map<string, TemplateAction<any, any, any>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    sim = await startPagerDutySimulator({
      port: 0,
      rateLimits: false,
      subdomain: 'acme',
    });
    actions = new Map();
    backend = await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: TemplateAction<any, any, any>[]) =>
              added.forEach(a => actions.set(a.id, a)),
          },
        ],
      ],
      features: [
        scaffolderModulePagerDuty,
        mockServices.rootConfig.factory({
          data: {
            pagerDuty: {
              accounts: [
                {
                  id: 'main',
                  isDefault: true,
                  apiToken: 'pdsim_demo_token_0123456789',
                  apiBaseUrl: sim.url,
                  eventsBaseUrl: sim.url,
                },
                {
                  id: 'europe',
                  apiToken: 'pdsim_demo_token_0123456789',
                  apiBaseUrl: sim.url,
                  eventsBaseUrl: sim.url,
                },
              ],
              client: { maxRetries: 0 },
            },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend.stop();
    await sim.stop();
  });
  beforeEach(() => sim.reset());

  const create = () => actions.get('pagerduty:service:create')!;

  it('registers the three pagerduty: actions, each with examples and dry-run support', () => {
    expect([...actions.keys()].sort()).toEqual([
      'pagerduty:change-event',
      'pagerduty:incident:trigger',
      'pagerduty:service:create',
    ]);
    for (const action of actions.values()) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.schema?.input).toBeDefined();
    }
  });

  it('creates the service with alert grouping and an Events v2 integration, and outputs the annotations', async () => {
    const ctx = createMockActionContext({
      input: {
        name: 'billing-api',
        description: 'Invoices',
        escalationPolicyId: SEED.escalationPolicies.payments,
        alertGrouping: { type: 'time', timeoutMinutes: 5 },
        createEventsIntegration: true,
      },
    });
    await create().handler(ctx);

    const service = [...sim.state.services.values()].find(
      s => s.name === 'billing-api',
    )!;
    expect(service).toMatchObject({
      description: 'Invoices',
      escalationPolicyId: SEED.escalationPolicies.payments,
      alertGroupingParameters: { type: 'time', config: { timeout: 5 } },
    });
    expect(service.integrations).toEqual([
      expect.objectContaining({ type: 'events_api_v2_inbound_integration' }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith('serviceId', service.id);
    expect(ctx.output).toHaveBeenCalledWith(
      'serviceUrl',
      `https://acme.pagerduty.com/service-directory/${service.id}`,
    );
    expect(ctx.output).toHaveBeenCalledWith('account', 'main');
    expect(ctx.output).toHaveBeenCalledWith(
      'integrationId',
      service.integrations[0].id,
    );
    expect(ctx.output).toHaveBeenCalledWith('annotations', {
      'pagerduty.com/service-id': service.id,
    });
  });

  it('names the account in the annotations when it is not the default one', async () => {
    const ctx = createMockActionContext({
      input: {
        name: 'eu-billing',
        escalationPolicyId: SEED.escalationPolicies.payments,
        createEventsIntegration: false,
        account: 'europe',
      },
    });
    await create().handler(ctx);
    const service = [...sim.state.services.values()].find(
      s => s.name === 'eu-billing',
    )!;
    expect(service.integrations).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('annotations', {
      'pagerduty.com/service-id': service.id,
      'pagerduty.com/account': 'europe',
    });
  });

  it("fails the step with PagerDuty's message when PagerDuty refuses, and creates nothing", async () => {
    const before = sim.state.services.size;
    const taken = createMockActionContext({
      input: {
        name: sim.state.services.get(SEED.services.checkout)!.name,
        escalationPolicyId: SEED.escalationPolicies.checkout,
        createEventsIntegration: true,
      },
    });
    await expect(create().handler(taken)).rejects.toThrow(
      /HTTP 400.*Name has already been taken/,
    );
    const badPolicy = createMockActionContext({
      input: {
        name: 'orphan',
        escalationPolicyId: 'PNOPE00',
        createEventsIntegration: true,
      },
    });
    await expect(create().handler(badPolicy)).rejects.toThrow(
      /Escalation policy not found/,
    );
    expect(sim.state.services.size).toBe(before);
  });

  it('fails the step when PagerDuty is down', async () => {
    sim.setFaults({
      rules: [{ route: 'POST /services', mode: 'error', status: 503 }],
    });
    const ctx = createMockActionContext({
      input: {
        name: 'down',
        escalationPolicyId: SEED.escalationPolicies.checkout,
        createEventsIntegration: true,
      },
    });
    await expect(create().handler(ctx)).rejects.toThrow(/HTTP 503/);
  });

  it('fails for an unknown account, naming the configured ones', async () => {
    const ctx = createMockActionContext({
      input: {
        name: 'x',
        escalationPolicyId: SEED.escalationPolicies.checkout,
        createEventsIntegration: true,
        account: 'mars',
      },
    });
    await expect(create().handler(ctx)).rejects.toThrow(
      'PagerDuty account "mars" is not configured; configured accounts: main, europe',
    );
  });

  it('creates nothing in a dry run', async () => {
    const before = sim.stats().total;
    const ctx = {
      ...createMockActionContext({
        input: {
          name: 'dry',
          escalationPolicyId: SEED.escalationPolicies.checkout,
          createEventsIntegration: true,
        },
      }),
      isDryRun: true,
    };
    await create().handler(ctx);
    expect(sim.stats().total).toBe(before);
    expect(ctx.output).toHaveBeenCalledWith('annotations', {
      'pagerduty.com/service-id': 'PDRYRUN',
    });
  });
});
