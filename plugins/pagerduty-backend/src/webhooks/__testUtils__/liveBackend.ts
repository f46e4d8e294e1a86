import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  DEMO_TOKEN,
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { PagerDutyServiceSignal } from '@backstage-pagerduty/plugin-pagerduty-common';
import { pagerDutyPlugin } from '../../plugin';
import { component } from '../../test/fixtures';

export const LIVE_SECRET = 'whsec_live_test_0123456789abcdef';

/** A signal as the mock signals service received it, with its arrival time. */
export interface CapturedSignal {
  at: number;
  channel: string;
  message: PagerDutyServiceSignal;
}

/**
 * The real backend plugin (test backend) against the simulator, which delivers its
 * webhooks to the plugin's receiver; published signals are captured.
 */
export async function startLiveBackend(
  options: { entities?: ReturnType<typeof component>[] } = {},
) {
  const sim: PagerDutySimulator = await startPagerDutySimulator({
    port: 0,
    rateLimits: false,
    webhookDelivery: { maxAttempts: 3, backoffMs: 100, timeoutMs: 2000 },
  });
  const signals: CapturedSignal[] = [];
  const waiters = new Set<() => void>();
  const signalsFactory = createServiceFactory({
    service: signalsServiceRef,
    deps: {},
    factory: () => ({
      publish: async (signal: any) => {
        signals.push({
          at: performance.now(),
          channel: signal.channel,
          message: signal.message,
        });
        for (const w of [...waiters]) w();
      },
    }),
  });
  const backend = await startTestBackend({
    features: [
      pagerDutyPlugin,
      mockServices.rootConfig.factory({
        data: {
          pagerDuty: {
            apiToken: DEMO_TOKEN,
            apiBaseUrl: sim.url,
            eventsBaseUrl: sim.url,
            webhooks: { secrets: [LIVE_SECRET] },
          },
        },
      }),
      catalogServiceMock.factory({
        entities: options.entities ?? [
          component('checkout', {
            'pagerduty.com/service-id': SEED.services.checkout,
          }),
        ],
      }),
      signalsFactory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  const port = (backend.server.address() as AddressInfo).port;
  const webhookUrl = `http://127.0.0.1:${port}/api/pagerduty/webhooks`;

  /** (Re)adds the simulator's subscription to the backend (after `sim.reset()` too). */
  const subscribe = () =>
    sim.state.webhookSubscriptions.set('PWHLIVE', {
      id: 'PWHLIVE',
      url: webhookUrl,
      secrets: [LIVE_SECRET],
      events: [],
      description: 'Backstage test backend',
      filter: { type: 'account_reference' },
      active: true,
      customHeaders: [],
    });
  subscribe();

  /** Resolves when `count` signals were captured in total. */
  const waitForSignals = (count: number, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const check = () => {
        if (signals.length >= count) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `${signals.length} of ${count} signals within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    sim,
    backend,
    server: backend.server,
    webhookUrl,
    signals,
    subscribe,
    waitForSignals,
    async stop() {
      await backend.stop();
      await sim.stop();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/**
 * Changes an incident in the simulator `events` times (acknowledge / unacknowledge in turn)
 * and measures, per change, the time from the state change to the published signal. Changes
 * are made one after the other, each once the previous signal arrived.
 */
export async function measureLatency(
  live: Awaited<ReturnType<typeof startLiveBackend>>,
  events: number,
) {
  const { sim, signals, waitForSignals } = live;
  const incident = sim.state.incidents.get(SEED.incidents.checkoutTriggered)!;
  const agent = { type: 'user' as const, id: SEED.users.alice.id };
  const latencies: number[] = [];
  for (let i = 0; i < events; i++) {
    const before = signals.length;
    const t0 = performance.now();
    if (incident.status === 'acknowledged')
      sim.state.unacknowledge(incident, agent);
    else sim.state.acknowledge(incident, agent);
    await waitForSignals(before + 1);
    latencies.push(signals[before].at - t0);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    latencies,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}
