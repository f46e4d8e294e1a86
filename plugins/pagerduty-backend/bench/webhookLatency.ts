/*
 * Live-update latency: from a change of an incident in the simulator to the Backstage signal
 * the backend publishes (simulator state change → signed Webhooks v3 delivery → signature
 * check → de-duplication row → 202 → cache invalidation → signals.publish).
 *
 *   cd plugins/pagerduty-backend
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/webhookLatency.ts [events]
 *
 * Two runs over the same backend (test backend, SQLite in memory, mock signals service):
 * - sequential: one change at a time, the next once the previous signal arrived;
 * - burst: all changes at once (the simulator delivers a subscription's webhooks in order,
 *   one at a time, as PagerDuty does), latency of change i = arrival of signal i − change i.
 */
import { performance } from 'node:perf_hooks';
import { SEED } from '@backstage-pagerduty/pagerduty-simulator';
import {
  measureLatency,
  percentile,
  startLiveBackend,
} from '../src/__testUtils__/liveBackend';

const EVENTS = Number(process.argv[2] ?? process.env.BENCH_EVENTS ?? 100);

function summary(name: string, latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(1)} ms`;
  // eslint-disable-next-line no-console
  console.log(
    `${name.padEnd(10)} ${latencies.length} events: p50 ${f(
      percentile(sorted, 50),
    )}, p99 ${f(percentile(sorted, 99))}, max ${f(sorted[sorted.length - 1])}`,
  );
}

async function main() {
  const live = await startLiveBackend();
  try {
    // Warm-up (JIT, connections, first migration).
    await measureLatency(live, 10);

    const sequential = await measureLatency(live, EVENTS);
    summary('sequential', sequential.latencies);

    const { sim, signals, waitForSignals } = live;
    const incident = sim.state.incidents.get(SEED.incidents.checkoutTriggered)!;
    const agent = { type: 'user' as const, id: SEED.users.alice.id };
    const start = signals.length;
    const changedAt: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      changedAt.push(performance.now());
      if (incident.status === 'acknowledged') {
        sim.state.unacknowledge(incident, agent);
      } else {
        sim.state.acknowledge(incident, agent);
      }
    }
    await waitForSignals(start + EVENTS, 60_000);
    summary(
      'burst',
      changedAt.map((t, i) => signals[start + i].at - t),
    );
    // eslint-disable-next-line no-console
    console.log(
      `webhooks sent ${sim.stats().webhooksSent}, failed attempts ${
        sim.stats().webhookFailures
      }`,
    );
  } finally {
    await live.stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    // eslint-disable-next-line no-console
    console.error(error);
    process.exit(1);
  },
);
