/*
 * Card-data latency benchmark: 200 concurrent users opening the PagerDuty card of 50 entities,
 * against the simulator with 100 ms latency per PagerDuty request. Prints p50/p99 per card
 * view, cold (empty cache) and warm, and PagerDuty requests per view.
 *
 *   yarn workspace @backstage-pagerduty/plugin-pagerduty-backend bench
 *
 * A card view = the four section requests the card makes in parallel.
 */
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import {
  USER,
  component,
  simAccount,
  startBackend,
} from '../src/__testUtils__/backend';

const USERS = Number(process.env.BENCH_USERS ?? 200);
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 50);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const SECTIONS = ['services', 'incidents', 'oncall', 'change-events'];

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function main() {
  const sim = await startPagerDutySimulator({
    port: 0,
    latencyMs: LATENCY_MS,
    rateLimits: false,
  });
  const serviceIds = Object.values(SEED.services);
  const entities = Array.from({ length: ENTITIES }, (_, i) =>
    component(`bench-${i}`, {
      'pagerduty.com/service-id': serviceIds[i % serviceIds.length],
    }),
  );
  const backend = await startBackend({ pagerDuty: simAccount(sim), entities });
  const port = (backend.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}/api/pagerduty`;
  const headers = { Authorization: USER };

  async function view(entity: number) {
    const started = performance.now();
    const responses = await Promise.all(
      SECTIONS.map(section =>
        fetch(`${base}/entities/component/default/bench-${entity}/${section}`, {
          headers,
        }),
      ),
    );
    await Promise.all(responses.map(r => r.arrayBuffer()));
    const failed = responses.filter(
      r => r.status !== 200 && r.status !== 403,
    ).length;
    return { ms: performance.now() - started, failed };
  }

  async function round(label: string) {
    const before = sim.stats().total;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: USERS }, (_, user) => view(user % ENTITIES)),
    );
    const wall = performance.now() - started;
    const times = results.map(r => r.ms).sort((a, b) => a - b);
    const upstream = sim.stats().total - before;
    const failed = results.reduce((n, r) => n + r.failed, 0);
    console.log(
      `${label.padEnd(5)} views=${USERS} entities=${ENTITIES} p50=${percentile(
        times,
        50,
      ).toFixed(0)}ms p99=${percentile(times, 99).toFixed(0)}ms max=${times[
        times.length - 1
      ].toFixed(0)}ms wall=${wall.toFixed(
        0,
      )}ms upstream=${upstream} upstream/view=${(upstream / USERS).toFixed(
        3,
      )} failedSections=${failed}`,
    );
  }

  console.log(`simulator latency ${LATENCY_MS} ms per PagerDuty request`);
  await round('cold');
  await round('warm');
  await backend.stop();
  await sim.stop();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
