import { performance } from 'node:perf_hooks';
import { AddressInfo } from 'node:net';
import {
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { component, simAccount, startBackend } from './backend';

export const LIVE_SECRET = 'whsec_live_test_0123456789abcdef';

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
  const handle = await startBackend({
    pagerDuty: simAccount(sim, { webhooks: { secrets: [LIVE_SECRET] } }),
    entities: options.entities ?? [
      component('checkout', {
        'pagerduty.com/service-id': SEED.services.checkout,
      }),
    ],
  });
  const { backend, signals, waitForSignals } = handle;
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

  return {
    sim,
    backend,
    server: backend.server,
    webhookUrl,
    signals,
    subscribe,
    waitForSignals,
    async stop() {
      await handle.stop();
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
