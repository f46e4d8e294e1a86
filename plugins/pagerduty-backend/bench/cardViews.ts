/*
 * Card-view CPU benchmark: what one view of the PagerDuty entity card costs the backend.
 *
 *   yarn workspace @backstage-pagerduty/plugin-pagerduty-backend bench:card [options]
 *
 * The backend (bench/cardViewsBackend.ts: real auth, catalog and permission backends plus this
 * plugin) runs in a child process; the PagerDuty simulator and the load generator run here, so
 * the CPU printed is the backend's alone (process.cpuUsage() of the child, over IPC). A user
 * token is signed in through the guest provider, so every request pays the real token checks.
 *
 * For each way of loading a card — `4req`: the four section requests the card made before
 * (services, incidents, oncall, change-events); `1req`: the combined `/card` route — it prints:
 *   - cpu/view of sequential warm views (one at a time) and of 100 concurrent warm views;
 *   - p50/p99 of the 100 concurrent warm views;
 *   - PagerDuty calls per warm view, for one cold view of a fresh service, and for 100
 *     concurrent cold views of one fresh entity.
 * Rounds of all modes are interleaved and repeated (`--repeat`), so they share the machine's
 * load; the load average is printed with every round.
 *
 * Options (also as env BENCH_*): --repeat N (3), --views N concurrent views (100),
 * --entities N distinct entities in the warm rounds (10), --latency ms of the simulator (0),
 * --modes 4req,1req, --profile DIR (writes a .cpuprofile of each mode's warm rounds),
 * --backend name=json (add a backend process with extra `pagerDuty` config, e.g.
 * `--backend nocache='{"entityCache":{"ttl":{"seconds":0}}}'`; repeatable),
 * --compare DIR (add a backend running the plugin from another checkout's src, e.g. the
 * code before a change:
 *   mkdir /tmp/before && git archive <commit> plugins/pagerduty-backend/src | tar -x -C /tmp/before
 *   … bench:card --compare /tmp/before/plugins/pagerduty-backend/src).
 */
import { ChildProcess, fork } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';

const { values: args } = parseArgs({
  options: {
    repeat: { type: 'string', default: process.env.BENCH_REPEAT ?? '3' },
    views: { type: 'string', default: process.env.BENCH_VIEWS ?? '100' },
    entities: { type: 'string', default: process.env.BENCH_ENTITIES ?? '10' },
    latency: { type: 'string', default: process.env.BENCH_LATENCY_MS ?? '0' },
    modes: { type: 'string', default: process.env.BENCH_MODES ?? '4req,1req' },
    profile: { type: 'string', default: process.env.BENCH_PROFILE },
    backend: { type: 'string', multiple: true, default: [] },
    compare: { type: 'string', default: process.env.BENCH_COMPARE },
  },
});
const REPEAT = Number(args.repeat);
const VIEWS = Number(args.views);
const ENTITIES = Number(args.entities);
const SEQUENTIAL_VIEWS = 100;
const SECTIONS = ['services', 'incidents', 'oncall', 'change-events'];
type Mode = '4req' | '1req';

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

const load = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

function catalogYaml(entities: { name: string; serviceId: string }[]) {
  const docs = [
    `apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: guest }
spec: { memberOf: [] }`,
    `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-bench }
spec: { type: team, children: [] }`,
    ...entities.map(
      e => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${e.name}
  annotations:
    pagerduty.com/service-id: ${e.serviceId}
spec: { type: service, lifecycle: production, owner: group:default/team-bench }`,
    ),
  ];
  return `${docs.join('\n---\n')}\n`;
}

/** One backend process under test. */
class BenchBackend {
  private child!: ChildProcess;
  base = '';
  headers: Record<string, string> = {};
  private waiters = new Map<string, (message: any) => void>();

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  async start() {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}/api`;
    this.child = fork(resolve(__dirname, 'cardViewsBackend.ts'), {
      execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'],
      env: {
        ...process.env,
        LOG_LEVEL: 'error',
        NODE_ENV: 'production',
        BENCH_PORT: String(port),
        ...this.env,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: any) => {
      this.waiters.get(message.type)?.(message);
      this.waiters.delete(message.type);
    });
    this.child.on('exit', code => {
      if (code) {
        console.error(`backend ${this.name} exited with ${code}`);
        process.exit(1);
      }
    });
    await this.wait('ready');
    // A signed user token, as the browser has after signing in.
    const refresh = await fetch(`${this.base}/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const body = (await refresh.json()) as any;
    const token = body?.backstageIdentity?.token;
    if (!token) throw new Error(`no token: ${JSON.stringify(body)}`);
    this.headers = { Authorization: `Bearer ${token}` };
  }

  private wait(type: string): Promise<any> {
    return new Promise(r => this.waiters.set(type, r));
  }

  async request(type: string, extra: object = {}) {
    const answer = this.wait(type);
    this.child.send({ type, ...extra });
    return answer;
  }

  /** Backend CPU (user + system) in ms since it started. */
  async cpuMs(): Promise<number> {
    const { usage } = await this.request('cpu');
    return (usage.user + usage.system) / 1000;
  }

  /** One card view; resolves with its latency and the number of failed sections. */
  async view(mode: Mode, entity: string) {
    const started = performance.now();
    const url = `${this.base}/pagerduty/entities/component/default/${entity}`;
    const urls =
      mode === '4req' ? SECTIONS.map(s => `${url}/${s}`) : [`${url}/card`];
    const responses = await Promise.all(
      urls.map(u => fetch(u, { headers: this.headers })),
    );
    const bodies = (await Promise.all(responses.map(r => r.json()))) as any[];
    let failed = responses.filter(r => r.status !== 200).length;
    if (mode === '1req' && responses[0].status === 200) {
      failed += Object.values(bodies[0].sections ?? {}).filter(
        (s: any) => s.error,
      ).length;
    }
    return { ms: performance.now() - started, failed, status: responses[0] };
  }

  async supports(mode: Mode, entity: string) {
    if (mode === '4req') return true;
    const res = await fetch(
      `${this.base}/pagerduty/entities/component/default/${entity}/card`,
      { headers: this.headers },
    );
    await res.arrayBuffer();
    return res.status !== 404;
  }

  async stop() {
    this.child.disconnect();
    await new Promise(r => this.child.once('exit', r));
  }
}

async function main() {
  const sim = await startPagerDutySimulator({
    port: 0,
    latencyMs: Number(args.latency),
    rateLimits: false,
  });
  const template = sim.state.services.get(SEED.services.payments)!;
  const seeded = [
    SEED.services.checkout,
    SEED.services.payments,
    SEED.services.search,
  ];
  const warmEntities = Array.from({ length: ENTITIES }, (_, i) => ({
    name: `bench-warm-${i}`,
    serviceId: seeded[i % seeded.length],
  }));
  // Fresh services for cold views: copies of a seeded service nobody has read yet.
  const coldEntities: { name: string; serviceId: string }[] = [];
  const backendCount = 1 + (args.backend?.length ?? 0) + (args.compare ? 1 : 0);
  const coldCount = 2 * REPEAT * 2 * backendCount;
  for (let i = 0; i < coldCount; i++) {
    const id = `PCOLD${String(i).padStart(2, '0')}`;
    sim.state.services.set(id, { ...template, id, name: `Cold ${i}` });
    coldEntities.push({ name: `bench-cold-${i}`, serviceId: id });
  }
  const dir = await mkdtemp(join(tmpdir(), 'pd-bench-card-'));
  const catalogFile = join(dir, 'catalog.yaml');
  await writeFile(catalogFile, catalogYaml([...warmEntities, ...coldEntities]));

  const common = {
    BENCH_PAGERDUTY_URL: sim.url,
    BENCH_CATALOG_FILE: catalogFile,
  };
  const backends = [new BenchBackend('current', common)];
  for (const spec of args.backend ?? []) {
    const [name, json] = spec.split(/=(.*)/s);
    backends.push(
      new BenchBackend(name, { ...common, BENCH_PAGERDUTY_CONFIG: json }),
    );
  }
  if (args.compare) {
    backends.push(
      new BenchBackend('compare', {
        ...common,
        BENCH_PLUGIN_MODULE: resolve(args.compare),
        // Its imports resolve to this repository's packages wherever DIR is.
        NODE_PATH: resolve(__dirname, '../../../node_modules'),
      }),
    );
  }
  for (const b of backends) await b.start();

  // The catalog ingests the file in the background; wait until every entity is there.
  const last = coldEntities[coldEntities.length - 1].name;
  for (const b of backends) {
    for (let i = 0; ; i++) {
      const res = await fetch(
        `${b.base}/catalog/entities/by-name/component/default/${last}`,
        { headers: b.headers },
      );
      await res.arrayBuffer();
      if (res.ok) break;
      if (i > 600) throw new Error('catalog did not ingest the entities');
      await new Promise(r => setTimeout(r, 100));
    }
  }

  const modes = (args.modes ?? '').split(',') as Mode[];
  const runs: { backend: BenchBackend; mode: Mode }[] = [];
  for (const backend of backends) {
    for (const mode of modes) {
      if (await backend.supports(mode, warmEntities[0].name)) {
        runs.push({ backend, mode });
      } else {
        console.log(`${backend.name} ${mode}: no such route, skipped`);
      }
    }
  }
  // Fill the PagerDuty cache (and let the JIT settle) before measuring warm views.
  for (const { backend, mode } of runs) {
    for (let i = 0; i < 3; i++) {
      for (const e of warmEntities) await backend.view(mode, e.name);
    }
  }

  console.log(
    `views=${VIEWS} concurrent over ${ENTITIES} entities, ${SEQUENTIAL_VIEWS} sequential; simulator latency ${args.latency} ms; ${REPEAT} rounds`,
  );
  console.log(
    'backend  mode  | cpu/view seq | cpu/view 100c | p50     p99     | PD/warm view | PD cold view | PD 100 cold views of 1 entity | failed | load (1 5 15 min)',
  );
  if (args.profile) {
    await mkdir(resolve(args.profile), { recursive: true });
  }
  let cold = 0;
  const summary = new Map<string, number[][]>();
  for (let round = 1; round <= REPEAT; round++) {
    for (const run of runs) {
      const { backend, mode } = run;
      const key = `${backend.name} ${mode}`;
      if (args.profile && round === REPEAT) {
        await backend.request('profile-start');
      }
      // Sequential warm views: CPU per view without queueing.
      let calls = sim.stats().total;
      let cpu = await backend.cpuMs();
      let failed = 0;
      for (let i = 0; i < SEQUENTIAL_VIEWS; i++) {
        const r = await backend.view(mode, warmEntities[i % ENTITIES].name);
        failed += r.failed;
      }
      const seqCpu = ((await backend.cpuMs()) - cpu) / SEQUENTIAL_VIEWS;
      // Concurrent warm views.
      cpu = await backend.cpuMs();
      const results = await Promise.all(
        Array.from({ length: VIEWS }, (_, i) =>
          backend.view(mode, warmEntities[i % ENTITIES].name),
        ),
      );
      const burstCpu = ((await backend.cpuMs()) - cpu) / VIEWS;
      const warmCalls =
        (sim.stats().total - calls) / (VIEWS + SEQUENTIAL_VIEWS);
      failed += results.reduce((n, r) => n + r.failed, 0);
      const times = results.map(r => r.ms).sort((a, b) => a - b);
      if (args.profile && round === REPEAT) {
        const file = join(
          resolve(args.profile),
          `card-${backend.name}-${mode}.cpuprofile`,
        );
        await backend.request('profile-stop', { file });
        console.log(`  profile: ${file}`);
      }
      // One cold view of a fresh service.
      calls = sim.stats().total;
      failed += (await backend.view(mode, coldEntities[cold++].name)).failed;
      const coldCalls = sim.stats().total - calls;
      // 100 concurrent cold views of one fresh entity.
      calls = sim.stats().total;
      const entity = coldEntities[cold++].name;
      const burst = await Promise.all(
        Array.from({ length: VIEWS }, () => backend.view(mode, entity)),
      );
      failed += burst.reduce((n, r) => n + r.failed, 0);
      const coldBurstCalls = sim.stats().total - calls;
      const row = [
        seqCpu,
        burstCpu,
        percentile(times, 50),
        percentile(times, 99),
        warmCalls,
        coldCalls,
        coldBurstCalls,
        failed,
      ];
      summary.set(key, [...(summary.get(key) ?? []), row]);
      console.log(
        `${key.padEnd(15)} | ${seqCpu.toFixed(2).padStart(9)} ms | ${burstCpu
          .toFixed(2)
          .padStart(10)} ms | ${row[2].toFixed(0).padStart(4)} ms ${row[3]
          .toFixed(0)
          .padStart(4)} ms | ${warmCalls.toFixed(2).padStart(12)} | ${String(
          coldCalls,
        ).padStart(12)} | ${String(coldBurstCalls).padStart(29)} | ${String(
          failed,
        ).padStart(6)} | ${load()}`,
      );
    }
  }
  console.log('median over rounds:');
  for (const [key, rows] of summary) {
    const med = (i: number) => {
      const v = rows.map(r => r[i]).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    console.log(
      `${key.padEnd(15)} | cpu/view seq ${med(0).toFixed(2)} ms, 100c ${med(
        1,
      ).toFixed(2)} ms | p50 ${med(2).toFixed(0)} ms p99 ${med(3).toFixed(
        0,
      )} ms | PD/warm view ${med(4).toFixed(2)}, cold view ${med(
        5,
      )}, 100 cold views ${med(6)}`,
    );
  }
  for (const b of backends) await b.stop();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
