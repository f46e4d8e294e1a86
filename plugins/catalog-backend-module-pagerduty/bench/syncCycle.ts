/*
 * Catalog mapping benchmark: one sync cycle and one processing pass of every entity, for 2,000
 * PagerDuty services in the simulator (50 ms latency per request) and N catalog entities.
 * Prints PagerDuty requests per cycle, cycle time and processing time, for N = 500 and 5,000
 * by default, so one run shows that the cost does not grow with the number of entities.
 *
 *   yarn workspace @backstage-pagerduty/plugin-catalog-backend-module-pagerduty bench
 *
 * BENCH_SERVICES, BENCH_ENTITIES (comma separated) and BENCH_LATENCY_MS change the sizes.
 *
 * Then the same with dependency sync (`both`, 200 reads per cycle) and custom field sync (owner,
 * system, lifecycle) on: every mapped entity depends on the next one. It prints the requests of
 * the first cycle (everything new) and of the second (steady state: nothing changed).
 */
import { performance } from 'node:perf_hooks';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEMO_TOKEN,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { DefaultPagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import knexFactory from 'knex';
import { readMappingConfig } from '../src/config/readMappingConfig';
import { MappingStore } from '../src/database/MappingStore';
import { MappingSnapshot } from '../src/mapping/MappingSnapshot';
import { PagerDutyMappingProcessor } from '../src/processor/PagerDutyMappingProcessor';
import { MappingService } from '../src/service/MappingService';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 2000);
const ENTITY_COUNTS = (process.env.BENCH_ENTITIES ?? '500,5000')
  .split(',')
  .map(Number);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

/**
 * N components: every fourth carries a service's name (until names run out), all owned by teams;
 * with `dependsOn`, each of those depends on the next one.
 */
function entities(
  n: number,
  serviceNames: string[],
  dependsOn = false,
): Entity[] {
  const named = (i: number) =>
    i % 4 === 0 && i / 4 < serviceNames.length
      ? serviceNames[i / 4].toLowerCase().replace(/\W+/g, '-')
      : undefined;
  return Array.from({ length: n }, (_, i) => {
    const next = named(i + 4);
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: named(i) ?? `component-${i}`, namespace: 'default' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `team-${i % 40}`,
        system: `system-${i % 12}`,
      },
      relations:
        dependsOn && named(i) && next
          ? [{ type: 'dependsOn', targetRef: `component:default/${next}` }]
          : [],
    };
  });
}

function quietLogger(): LoggerService {
  const logger: LoggerService = {
    error() {},
    warn() {},
    info() {},
    debug() {},
    child: () => logger,
  };
  return logger;
}

function memoryCache(): CacheService {
  const map = new Map<string, any>();
  const cache: CacheService = {
    get: async (k: string) => map.get(k),
    set: async (k: string, v: any) => {
      map.set(k, v);
    },
    delete: async (k: string) => {
      map.delete(k);
    },
    withOptions: () => cache,
  };
  return cache;
}

async function runOnce(entityCount: number, directory = false) {
  const sim = await startPagerDutySimulator({
    port: 0,
    services: SERVICES,
    latencyMs: LATENCY_MS,
    rateLimits: false,
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    // The services' names, read before the measured cycle (not counted).
    const names: string[] = [];
    for (let offset = 0; offset < SERVICES; offset += 100) {
      const page = await (
        await fetch(`${sim.url}/services?limit=100&offset=${offset}`, {
          headers: { Authorization: `Token token=${DEMO_TOKEN}` },
        })
      ).json();
      names.push(...page.services.map((s: { name: string }) => s.name));
    }
    const catalogEntities = entities(entityCount, names, directory);
    const config = new ConfigReader({
      pagerDuty: {
        apiToken: DEMO_TOKEN,
        apiBaseUrl: sim.url,
        eventsBaseUrl: sim.url,
        ...(directory
          ? {
              catalog: {
                dependencies: { direction: 'both', readsPerCycle: 200 },
                customFields: {
                  backstage_owner: 'spec.owner',
                  backstage_system: 'spec.system',
                  lifecycle: 'spec.lifecycle',
                },
              },
            }
          : {}),
      },
    });
    const logger = quietLogger();
    const pagerDuty = DefaultPagerDutyClientService.fromConfig(config, {
      logger,
      cache: memoryCache(),
    });
    const store = await MappingStore.create({
      getClient: async () => knex,
    });
    const snapshot = new MappingSnapshot();
    const mapping = new MappingService({
      store,
      snapshot,
      pagerDuty,
      catalog: catalogServiceMock({ entities: catalogEntities }),
      auth: mockServices.auth(),
      logger,
      config: readMappingConfig(config),
    });
    const processor = new PagerDutyMappingProcessor({
      snapshot,
      kinds: ['Component'],
      removeIntegrationKeys: true,
      defaultAccount: () => 'default',
    });

    const before = sim.stats().total;
    const t0 = performance.now();
    const cycle = await mapping.sync();
    const cycleMs = performance.now() - t0;
    const afterCycle = sim.stats().total;

    const t1 = performance.now();
    let linked = 0;
    for (const e of catalogEntities) {
      const out = await processor.preProcessEntity(e);
      if (out.metadata.annotations?.['pagerduty.com/service-id']) linked += 1;
    }
    const processMs = performance.now() - t1;
    const processingRequests = sim.stats().total - afterCycle;
    const totals = (await mapping.list({})).totals;
    // Steady state: a second cycle with nothing changed.
    const beforeSecond = sim.stats().total;
    const t2 = performance.now();
    const second = await mapping.sync();
    const secondMs = performance.now() - t2;
    const secondRequests = sim.stats().total - beforeSecond;
    return {
      entities: entityCount,
      services: cycle.services,
      requestsPerCycle: afterCycle - before,
      cycleMs: Math.round(cycleMs),
      processMs: Math.round(processMs),
      perEntityUs: Math.round((processMs * 1000) / entityCount),
      processingRequests,
      linked,
      totals,
      secondRequests,
      secondMs: Math.round(secondMs),
      first: cycle.accounts[0],
      second: second.accounts[0],
    };
  } finally {
    await knex.destroy();
    await sim.stop();
  }
}

async function main() {
  console.log(
    `PagerDuty catalog mapping: ${SERVICES} services, ${LATENCY_MS} ms per PagerDuty request`,
  );
  for (const n of ENTITY_COUNTS) {
    const r = await runOnce(n);
    report(r);
  }
  console.log(
    'With dependency sync (both, 200 reads/cycle) and 3 custom fields; every mapped entity depends on the next:',
  );
  for (const n of ENTITY_COUNTS) {
    const r = await runOnce(n, true);
    console.log(
      `${String(r.entities).padStart(6)} entities: cycle 1 ${
        r.requestsPerCycle
      } requests (${r.cycleMs} ms; dependencies ${JSON.stringify(
        r.first.dependencies,
      )}, fields ${JSON.stringify(r.first.fields)}); cycle 2 ${
        r.secondRequests
      } requests (${r.secondMs} ms; dependencies ${JSON.stringify(
        r.second.dependencies,
      )}, fields ${JSON.stringify(r.second.fields)})`,
    );
  }
}

function report(r: Awaited<ReturnType<typeof runOnce>>) {
  console.log(
    `${String(r.entities).padStart(6)} entities: ${
      r.requestsPerCycle
    } PagerDuty requests per cycle (${r.services} services), cycle ${
      r.cycleMs
    } ms; processing every entity ${r.processMs} ms (${
      r.perEntityUs
    } µs/entity, ${r.processingRequests} PagerDuty requests); linked ${
      r.linked
    }; states ${JSON.stringify(r.totals)}`,
  );
  console.log(
    `        PagerDuty's own processor (every entity lists every service each loop) would send about ${
      r.entities * Math.ceil(r.services / 100)
    } requests per loop (computed, not measured)`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
