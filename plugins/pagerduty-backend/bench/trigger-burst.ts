/*
 * Trigger burst benchmark: 500 incident triggers for one routing key submitted at once through
 * the API, while the simulator's Events API answers a share of requests with 429 (a storm) on
 * top of its own limit of 120 events per minute per routing key. Reports the time until the
 * outbox is drained, that every trigger arrived exactly once, and the most events PagerDuty
 * saw for the key in any 60 s window.
 *
 *   cd plugins/pagerduty-backend
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/trigger-burst.ts
 *
 * Environment: BENCH_COUNT (500), BENCH_STORM_RATE (0.3, share of requests answered 429),
 * BENCH_RETRY_AFTER_S (5), BENCH_DB (sqlite | pg; pg uses a fresh database on
 * BENCH_PG_URL, default postgresql://postgres@127.0.0.1:5432).
 */
import { performance } from 'node:perf_hooks';
import { startPagerDutySimulator } from '@backstage-pagerduty/pagerduty-simulator';
import knexFactory, { Knex } from 'knex';
import {
  maxInWindow,
  notExactlyOnce,
  outboxCounts,
  startTriggerBackend,
} from '../src/__testUtils__/triggerTesting';

const COUNT = Number(process.env.BENCH_COUNT ?? 500);
const STORM_RATE = Number(process.env.BENCH_STORM_RATE ?? 0.3);
const RETRY_AFTER_S = Number(process.env.BENCH_RETRY_AFTER_S ?? 5);
const DB = process.env.BENCH_DB ?? 'sqlite';

async function openDatabase(): Promise<{
  knex: Knex;
  cleanup: () => Promise<void>;
}> {
  if (DB !== 'pg') {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
      pool: { min: 1, max: 1 },
    });
    return { knex, cleanup: () => knex.destroy() };
  }
  const url =
    process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const name = `pagerduty_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = knexFactory({ client: 'pg', connection: `${url}/${name}` });
  return {
    knex,
    cleanup: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

async function main() {
  const arrivals: number[] = [];
  const sim = await startPagerDutySimulator({
    port: 0,
    rateLimits: { restPerMinute: 100_000, eventsPerMinutePerRoutingKey: 120 },
    logger: line => {
      if (line.startsWith('POST /v2/enqueue')) arrivals.push(Date.now());
    },
  });
  const { knex, cleanup } = await openDatabase();
  const { backend, trigger } = await startTriggerBackend({
    sim,
    knex,
    triggers: { backoffInitialMs: 1000, backoffMaxMs: 30_000 },
  });
  sim.setFaults({
    rules: [
      {
        route: 'POST /v2/enqueue',
        mode: 'rate_limit',
        rate: STORM_RATE,
        retryAfterSeconds: RETRY_AFTER_S,
      },
    ],
  });

  const started = performance.now();
  const accepted = await Promise.all(
    Array.from({ length: COUNT }, (_, i) => trigger('by-key', `burst ${i}`)),
  );
  const acceptedMs = performance.now() - started;
  console.log(
    `${COUNT} triggers accepted (202) in ${Math.round(
      acceptedMs,
    )} ms; draining ` +
      `(${
        STORM_RATE * 100
      }% of Events API requests answered 429, Retry-After ${RETRY_AFTER_S} s, db ${DB})`,
  );

  let last = '';
  for (;;) {
    const counts = await outboxCounts(knex);
    const line = JSON.stringify(counts);
    if (line !== last) {
      console.log(
        `  t=${((performance.now() - started) / 1000).toFixed(1)} s ${line}`,
      );
      last = line;
    }
    if ((counts.delivered ?? 0) + (counts.failed ?? 0) >= COUNT) break;
    await new Promise(r => setTimeout(r, 1000));
  }
  const drainMs = performance.now() - started;
  const stats = sim.stats();
  const wrong = notExactlyOnce(
    sim,
    accepted.map(a => a.dedupKey),
  );
  const counts = await outboxCounts(knex);
  console.log(
    `\nDrained ${COUNT} triggers in ${(drainMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `  delivered ${counts.delivered ?? 0}, failed ${counts.failed ?? 0}`,
  );
  console.log(
    `  Events API requests ${stats.byRoute['POST /v2/enqueue']}, answered 429: ${stats.rateLimited}`,
  );
  console.log(
    `  most requests in any 60 s window: ${maxInWindow(
      arrivals,
      60_000,
    )} (limit 120)`,
  );
  console.log(
    `  arrived exactly once: ${COUNT - wrong.length}/${COUNT}${
      wrong.length ? `; not: ${wrong.slice(0, 5).join(', ')}` : ''
    }`,
  );

  await backend.stop();
  await sim.stop();
  await cleanup();
  if (wrong.length || (counts.delivered ?? 0) !== COUNT) process.exit(1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
