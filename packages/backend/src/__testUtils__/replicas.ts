/*
 * Several replicas of this demo backend on this machine's PostgreSQL and Redis, against one
 * PagerDuty simulator: what a Backstage adopter runs behind a load balancer. Used by the
 * multi-replica test and the scale-out benchmark.
 *
 * Each run has its own database names (backend.database.prefix) and its own Redis namespace,
 * and removes only those. Redis is reached through a TCP proxy that tests stop and start to
 * simulate an outage; the shared Redis server itself is never touched.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  PagerDutySimulator,
  PagerDutySimulatorOptions,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { Redis } from 'ioredis';
import { Client } from 'pg';

const BACKEND_DIR = path.resolve(__dirname, '../..');
const ROOT_DIR = path.resolve(BACKEND_DIR, '../..');
export const WEBHOOK_SECRET = 'pdsim_scaleout_webhook_secret';
const TOKEN = 'pdsim_demo_token_0123456789';

export interface Infrastructure {
  postgres: { host: string; port: number; user: string; password?: string };
  redis: { host: string; port: number };
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * PostgreSQL (from BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, else
 * postgres@127.0.0.1:5432) and Redis (REDIS_URL, else 127.0.0.1:6379), or why not.
 */
export async function findInfrastructure(): Promise<
  Infrastructure | { missing: string }
> {
  const pgUrl = new URL(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
      'postgresql://postgres@127.0.0.1:5432',
  );
  const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const postgres = {
    host: pgUrl.hostname,
    port: Number(pgUrl.port || 5432),
    user: decodeURIComponent(pgUrl.username || 'postgres'),
    ...(pgUrl.password ? { password: decodeURIComponent(pgUrl.password) } : {}),
  };
  const redis = {
    host: redisUrl.hostname,
    port: Number(redisUrl.port || 6379),
  };
  const missing = [];
  if (!(await reachable(postgres.host, postgres.port)))
    missing.push(`PostgreSQL at ${postgres.host}:${postgres.port}`);
  if (!(await reachable(redis.host, redis.port)))
    missing.push(`Redis at ${redis.host}:${redis.port}`);
  if (missing.length > 0) return { missing: missing.join(' and ') };
  return { postgres, redis };
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise(r => server.close(r));
  return port;
}

/** A TCP proxy in front of Redis that can be stopped (an outage) and started again. */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }) {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.resume();
    return proxy;
  }

  get running() {
    return this.server !== undefined;
  }

  /** Accepts connections again on the same port. */
  async resume(): Promise<void> {
    if (this.server) return;
    const server = net.createServer(client => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Like `kill -9` of Redis: open connections are cut, new ones refused. */
  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise(r => server.close(r));
  }
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** One backend process. */
export class Replica {
  private exited: Promise<void>;

  constructor(
    readonly index: number,
    readonly port: number,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise(resolve => child.once('exit', () => resolve()));
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (
        !this.alive ||
        tail(this.logFile).includes('Backend startup failed')
      ) {
        throw new Error(
          `replica ${this.index} exited while starting; see ${
            this.logFile
          }:\n${tail(this.logFile)}`,
        );
      }
      try {
        const res = await fetch(`${this.url}/.backstage/health/v1/readiness`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(500);
    }
    throw new Error(
      `replica ${this.index} not ready within ${timeoutMs} ms; see ${
        this.logFile
      }:\n${tail(this.logFile)}`,
    );
  }

  /** `kill -9`: no shutdown hooks, claimed rows stay claimed. */
  async kill9(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface ClusterOptions {
  replicas: number;
  /** Extra `pagerDuty` config of every replica (client, cache, triggers...). */
  pagerDuty?: Record<string, unknown>;
  simulator?: PagerDutySimulatorOptions;
  /** The replica the simulator's webhooks go to (default 0). */
  webhookReplica?: number;
  startTimeoutMs?: number;
}

/** The replicas, the simulator, the Redis proxy and what the run created. */
export class Cluster {
  readonly runId: string;
  readonly dbPrefix: string;
  readonly redisNamespace: string;
  readonly replicas: Replica[] = [];
  sim!: PagerDutySimulator;
  redisProxy!: TcpProxy;
  /** Arrival times of REST requests at the simulator (ms since epoch), 429s included. */
  readonly restRequests: number[] = [];
  private readonly dir: string;

  constructor(
    readonly infra: Infrastructure,
    readonly options: ClusterOptions,
  ) {
    this.runId = randomBytes(4).toString('hex');
    this.dbPrefix = `pdscale_${this.runId}_`;
    this.redisNamespace = `pdscale-${this.runId}`;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `pdscale-${this.runId}-`));
  }

  async start(): Promise<void> {
    const ports = [];
    for (let i = 0; i < this.options.replicas; i++)
      ports.push(await freePort());
    const webhookPort = ports[this.options.webhookReplica ?? 0];
    this.sim = await startPagerDutySimulator({
      port: 0,
      ...this.options.simulator,
      webhookSubscriptions: [
        {
          url: `http://127.0.0.1:${webhookPort}/api/pagerduty/webhooks`,
          secret: WEBHOOK_SECRET,
        },
      ],
      logger: line => {
        // "GET /incidents -> 200": REST requests only (the Events API has its own limits).
        if (/^(GET|PUT|POST|DELETE) \//.test(line) && !line.includes('/v2/'))
          this.restRequests.push(Date.now());
      },
    });
    this.redisProxy = await TcpProxy.start(this.infra.redis);
    // One after the other, as a rolling deployment starts them: Backstage's migrations (knex)
    // race when several processes create the same tables at the same moment.
    const timeoutMs = this.options.startTimeoutMs ?? 240_000;
    for (const [index, port] of ports.entries()) {
      const replica = this.spawnReplica(index, port);
      this.replicas.push(replica);
      await replica.waitUntilReady(timeoutMs);
    }
  }

  private config(port: number) {
    const { postgres } = this.infra;
    return {
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { port, host: '127.0.0.1' },
        database: {
          client: 'pg',
          connection: postgres,
          prefix: this.dbPrefix,
        },
        cache: {
          store: 'redis',
          connection: `redis://127.0.0.1:${this.redisProxy.port}`,
          redis: { client: { namespace: this.redisNamespace } },
        },
      },
      pagerDuty: {
        accounts: [
          {
            id: 'main',
            isDefault: true,
            apiToken: TOKEN,
            apiBaseUrl: this.sim.url,
            eventsBaseUrl: this.sim.url,
            webhooks: { secrets: [WEBHOOK_SECRET] },
          },
        ],
        ...this.options.pagerDuty,
      },
      pagerDutySimulator: { enabled: false },
    };
  }

  private spawnReplica(index: number, port: number): Replica {
    const configFile = path.join(this.dir, `replica-${index}.json`);
    fs.writeFileSync(configFile, JSON.stringify(this.config(port), null, 2));
    const logFile = path.join(this.dir, `replica-${index}.log`);
    const log = fs.openSync(logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        path.join(ROOT_DIR, 'app-config.yaml'),
        '--config',
        configFile,
      ],
      {
        cwd: BACKEND_DIR,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          LOG_LEVEL: process.env.SCALEOUT_LOG_LEVEL ?? 'warn',
        },
        stdio: ['ignore', log, log],
      },
    );
    fs.closeSync(log);
    return new Replica(index, port, child, logFile);
  }

  /** A guest user's Backstage token (valid on every replica: the keys are in the database). */
  async guestToken(replica = 0): Promise<string> {
    const res = await fetch(
      `${this.replicas[replica].url}/api/auth/guest/refresh`,
      { headers: { 'x-requested-with': 'XMLHttpRequest' } },
    );
    if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
    const body = (await res.json()) as { backstageIdentity: { token: string } };
    return body.backstageIdentity.token;
  }

  /** Most REST requests the simulator received in any `windowMs`. */
  maxRestRequestsIn(windowMs: number, from = 0): number {
    const times = this.restRequests.filter(t => t >= from);
    let max = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end] - times[start] >= windowMs) start++;
      max = Math.max(max, end - start + 1);
    }
    return max;
  }

  /** A client of one of this run's databases (`pagerduty`, `catalog`, ...). */
  async database(pluginId: string): Promise<Client> {
    const client = new Client({
      ...this.infra.postgres,
      database: `${this.dbPrefix}${pluginId}`,
    });
    await client.connect();
    return client;
  }

  /** Stops everything and removes the databases and Redis keys of this run, nothing else. */
  async stop(): Promise<void> {
    await Promise.all(this.replicas.map(r => r.stop()));
    await this.redisProxy?.kill();
    await this.sim?.stop();
    const admin = new Client({ ...this.infra.postgres, database: 'postgres' });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [this.dbPrefix],
      );
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
    await deleteRedisKeys(this.infra.redis, `${this.redisNamespace}:*`);
    if (!process.env.SCALEOUT_KEEP_LOGS) {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** SCAN + DEL of one pattern (this run's keys only). */
export async function deleteRedisKeys(
  redis: { host: string; port: number },
  pattern: string,
): Promise<number> {
  const client = new Redis(redis.port, redis.host);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        500,
      );
      cursor = next;
      if (keys.length) deleted += await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}

/** Keys of this run in Redis. */
export async function countRedisKeys(
  redis: { host: string; port: number },
  pattern: string,
): Promise<number> {
  const client = new Redis(redis.port, redis.host);
  try {
    let cursor = '0';
    let count = 0;
    do {
      const [next, keys] = await client.scan(
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        500,
      );
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
    return count;
  } finally {
    client.disconnect();
  }
}
