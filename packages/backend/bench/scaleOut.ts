/*
 * Scale-out benchmark: 3 replicas of the demo backend on PostgreSQL and Redis, one simulator
 * with PagerDuty's real limits (960 REST requests a minute per token), the plugin's budget
 * 900 a minute, cache TTLs 0, 10 card views a second round robin over the replicas for
 * BENCH_SECONDS (default 150). Prints PagerDuty's 429s and the most REST requests any minute
 * saw across all replicas.
 *
 *   yarn workspace @backstage-pagerduty/backend bench:scale
 */
import {
  Cluster,
  findInfrastructure,
  sleep,
} from '../src/__testUtils__/replicas';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 150);
const BUDGET = 900;
const ENTITIES = [
  'component/default/checkout-api',
  'component/default/storefront',
  'component/default/legacy-billing',
  'component/default/nightly-batch',
];
const SECTIONS = ['services', 'incidents', 'oncall', 'change-events'];

async function main() {
  const infra = await findInfrastructure();
  if ('missing' in infra) {
    // eslint-disable-next-line no-console
    console.log(`skipped: ${infra.missing} not reachable`);
    return;
  }
  const cluster = new Cluster(infra, {
    replicas: 3,
    pagerDuty: {
      client: { requestsPerMinute: BUDGET, replicas: 3 },
      cache: {
        servicesTtlSeconds: 0,
        incidentsTtlSeconds: 0,
        oncallTtlSeconds: 0,
        changeEventsTtlSeconds: 0,
      },
    },
  });
  const t0 = Date.now();
  try {
    await cluster.start();
    const token = await cluster.guestToken();
    // eslint-disable-next-line no-console
    console.log(`3 replicas ready in ${Date.now() - t0} ms`);
    const from = Date.now();
    const statuses: Record<string, number> = {};
    const latencies: number[] = [];
    const pending: Promise<void>[] = [];
    let views = 0;
    while (Date.now() - from < SECONDS * 1000) {
      const replica = cluster.replicas[views % 3];
      const entity = ENTITIES[Math.floor(views / 3) % ENTITIES.length];
      views++;
      for (const section of SECTIONS) {
        const started = performance.now();
        pending.push(
          fetch(`${replica.url}/api/pagerduty/entities/${entity}/${section}`, {
            headers: { authorization: `Bearer ${token}` },
          })
            .then(async res => {
              const body = await res.text();
              let key = String(res.status);
              if (res.status === 200) {
                key = body.includes('"stale":true') ? '200 stale' : '200 fresh';
              }
              statuses[key] = (statuses[key] ?? 0) + 1;
            })
            .catch(() => {
              statuses.network = (statuses.network ?? 0) + 1;
            })
            .finally(() => latencies.push(performance.now() - started)),
        );
      }
      await sleep(100);
    }
    await Promise.all(pending);
    latencies.sort((a, b) => a - b);
    const p = (q: number) =>
      Math.round(latencies[Math.floor((latencies.length - 1) * q)]);
    const stats = cluster.sim.stats();
    // eslint-disable-next-line no-console
    console.log(
      [
        `${views} views (${
          views * 4
        } route calls) in ${SECONDS} s at 10 views/s over 3 replicas, TTLs 0`,
        `PagerDuty REST requests ${cluster.restRequests.length}; 429s ${stats.rateLimited}`,
        `most REST requests in any 60 s across replicas: ${cluster.maxRestRequestsIn(
          60_000,
          from,
        )} (budget ${BUDGET}, PagerDuty 960)`,
        `answers: ${JSON.stringify(statuses)}; latency p50 ${p(
          0.5,
        )} ms, p99 ${p(0.99)} ms`,
      ].join('\n'),
    );
  } finally {
    await cluster.stop();
  }
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
