/*
 * The one backend test harness: the real plugin in a test backend (startTestBackend), talking to
 * the PagerDuty simulator, with the catalog, permissions, auditor, signals and logs mocked or
 * captured. Test files and benchmarks build on this; none sets a backend up on its own.
 */
import { performance } from 'node:perf_hooks';
import {
  LoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import {
  DEMO_TOKEN,
  PagerDutySimulator,
  SEED,
  startPagerDutySimulator,
} from '@backstage-pagerduty/pagerduty-simulator';
import { PagerDutyServiceSignal } from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  DefaultPagerDutyClientService,
  pagerDutyClientServiceRef,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { Knex } from 'knex';
import request from 'supertest';

type SimulatorOptions = NonNullable<
  Parameters<typeof startPagerDutySimulator>[0]
>;
import {
  PagerDutyBackendDeps,
  createPagerDutyBackend,
  pagerDutyPlugin,
} from '../plugin';

/** A catalog Component with the given annotations. */
export function component(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** A catalog User, with `spec.profile.email` when given. */
export function user(
  name: string,
  email?: string,
  displayName?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {
      profile: {
        ...(email ? { email } : {}),
        ...(displayName ? { displayName } : {}),
      },
      memberOf: [],
    },
  };
}

/**
 * The catalog of the tests: one entity per situation of the annotations and the simulator's
 * seed (see the simulator's SEED), and the users who act.
 */
export const CATALOG: Entity[] = [
  component('checkout', { 'pagerduty.com/service-id': SEED.services.checkout }),
  component('by-key', {
    'pagerduty.com/integration-key': SEED.integrationKeys.checkout,
  }),
  component('payments', {
    'pagerduty.com/integration-key': SEED.integrationKeys.payments,
  }),
  component('multi', {
    'pagerduty.com/service-id': `${SEED.services.search},${SEED.services.payments}`,
  }),
  component('gap', { 'pagerduty.com/service-id': SEED.services.gap }),
  component('no-change-events', {
    'pagerduty.com/service-id': SEED.services.noChangeEvents,
  }),
  component('no-integration', {
    'pagerduty.com/service-id': SEED.services.noIntegration,
  }),
  component('second-account', {
    'pagerduty.com/service-id': SEED.services.checkout,
    'pagerduty.com/account': 'second',
  }),
  component('unknown-account', {
    'pagerduty.com/service-id': SEED.services.checkout,
    'pagerduty.com/account': 'nope',
  }),
  component('missing-service', { 'pagerduty.com/service-id': 'PNOSUCH' }),
  component('half-missing', {
    'pagerduty.com/service-id': `${SEED.services.checkout},PNOSUCH`,
  }),
  component('unknown-key', {
    'pagerduty.com/integration-key': 'pdsimunknownkey00000000000000042',
  }),
  component('malformed', { 'pagerduty.com/service-id': 'not a service id!' }),
  component('bad-key', {
    // Malformed, and secret-looking: it must not be echoed either.
    'pagerduty.com/integration-key': 'pdsim-secret-looking-key-0000000000',
  }),
  component('plain'),
  user('alice', SEED.users.alice.email, SEED.users.alice.name),
  user('nomail'),
];

/** A CacheService that keeps nothing: every read goes to PagerDuty. */
export const noCache = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  withOptions() {
    return this;
  },
};

/** Authorization headers of mock users. */
export const USER = mockCredentials.user.header();
export const ALICE = mockCredentials.user.header('user:default/alice');

/** `pagerDuty` account config that talks to the simulator. */
export function simAccount(
  sim: PagerDutySimulator,
  extra: JsonObject = {},
): JsonObject {
  return {
    apiToken: DEMO_TOKEN,
    apiBaseUrl: sim.url,
    eventsBaseUrl: sim.url,
    ...extra,
  };
}

/** Records every log line with its meta (errors with message, stack and cause). */
export class LogRecorder {
  readonly lines: string[] = [];

  private serialize(meta: unknown): string {
    if (meta === undefined) return '';
    // Errors (also from other realms) with their non-enumerable message, stack and cause.
    return JSON.stringify(meta, (_key, value) =>
      value && typeof value === 'object' && 'stack' in value
        ? {
            ...value,
            name: value.name,
            message: value.message,
            stack: value.stack,
            cause: value.cause,
          }
        : value,
    );
  }

  logger(): LoggerService {
    const record =
      (level: string) =>
      (message: string, meta?: unknown): void => {
        this.lines.push(`${level} ${message} ${this.serialize(meta)}`);
      };
    const self: LoggerService = {
      error: record('error'),
      warn: record('warn'),
      info: record('info'),
      debug: record('debug'),
      child: meta => {
        this.lines.push(`child ${this.serialize(meta)}`);
        return self;
      },
    };
    return self;
  }

  factories() {
    return [
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => this.logger(),
      }),
      createServiceFactory({
        service: coreServices.logger,
        deps: {},
        factory: () => this.logger(),
      }),
    ];
  }
}

/** A signal as the mock signals service received it, with its arrival time. */
export interface CapturedSignal {
  at: number;
  channel: string;
  message: PagerDutyServiceSignal;
}

/** An audit event as the mock auditor received it. */
export interface CapturedAudit {
  eventId: string;
  outcome: 'success' | 'fail';
  meta: any;
}

export interface TestBackendOptions {
  /** The `pagerDuty` config; without it PagerDuty is not configured. */
  pagerDuty?: JsonObject;
  /** Catalog entities (default: {@link CATALOG}). */
  entities?: Entity[];
  /** The plugin's database (default: the test backend's in-memory SQLite). */
  knex?: Knex;
  /** What every permission check answers (default ALLOW). */
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** The clock of the PagerDuty client service (and so of the card's on-call). */
  now?: () => number;
  /** The fetch of the PagerDuty client service (stands in for DNS in the EU test). */
  fetch?: typeof fetch;
  /** Captures every log line (else `PD_DEBUG=1` prints debug logs). */
  logs?: LogRecorder;
  /** More features (service factories), e.g. a metrics service. */
  extraFeatures?: any[];
}

/** Captured side effects of a test backend. */
export interface TestBackendCaptures {
  signals: CapturedSignal[];
  audits: CapturedAudit[];
}

const running = new Set<{ stop(): Promise<void> }>();

/**
 * Starts the plugin in a test backend. Requests without an Authorization header are
 * unauthenticated (not the mock user). Stop it with `stop()`, or all with `stopBackends()`.
 */
export async function startBackend(options: TestBackendOptions = {}) {
  const signals: CapturedSignal[] = [];
  const audits: CapturedAudit[] = [];
  const waiters = new Set<() => void>();
  const features: any[] = [
    pagerDutyPlugin,
    // The real actions registry: its HTTP routes list and invoke the plugin's actions.
    actionsRegistryServiceFactory,
    mockServices.rootConfig.factory({
      data: {
        app: { baseUrl: 'http://backstage.test' },
        ...(options.pagerDuty ? { pagerDuty: options.pagerDuty } : {}),
      },
    }),
    catalogServiceMock.factory({ entities: options.entities ?? CATALOG }),
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.none(),
    }),
    mockServices.permissions.factory({
      result: options.permission ?? AuthorizeResult.ALLOW,
    }),
    // A plain factory, not mockServices.auditor.mock(): benchmarks run without jest.
    createServiceFactory({
      service: coreServices.auditor,
      deps: {},
      factory: () => ({
        createEvent: async ({
          eventId,
          meta,
        }: {
          eventId: string;
          meta?: any;
        }) => ({
          success: async (o?: { meta?: any }) => {
            audits.push({
              eventId,
              outcome: 'success',
              meta: { ...meta, ...o?.meta },
            });
          },
          fail: async (o: { meta?: any; error: Error }) => {
            audits.push({
              eventId,
              outcome: 'fail',
              meta: { ...meta, ...o.meta, error: o.error.message },
            });
          },
        }),
      }),
    }),
    createServiceFactory({
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
    }),
  ];
  if (options.knex) {
    features.push(mockServices.database.factory({ knex: options.knex }));
  }
  if (options.now || options.fetch) {
    // The shared client with the same config and an injected clock / fetch.
    features.push(
      createServiceFactory({
        service: pagerDutyClientServiceRef,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          cache: coreServices.cache,
          metrics: metricsServiceRef,
        },
        factory: ({ config, logger, cache, metrics }) =>
          DefaultPagerDutyClientService.fromConfig(config, {
            logger,
            cache,
            metrics,
            now: options.now,
            fetch: options.fetch,
          }),
      }),
    );
  }
  features.push(...(options.extraFeatures ?? []));
  if (options.logs) features.push(...options.logs.factories());
  else if (process.env.PD_DEBUG) {
    features.push(mockServices.rootLogger.factory({ level: 'debug' }));
  }
  const backend = await startTestBackend({ features });
  const handle = {
    backend,
    server: backend.server,
    signals,
    audits,
    /** `GET /api/pagerduty<path>`, as `auth` (default: the mock user; null: no header). */
    get(path: string, auth: string | null = USER) {
      const req = request(backend.server).get(`/api/pagerduty${path}`);
      return auth ? req.set('Authorization', auth) : req;
    },
    /** `POST /api/pagerduty<path>` with a JSON body, as `auth` (default: the mock user). */
    post(path: string, body?: unknown, auth: string | null = USER) {
      let req = request(backend.server).post(`/api/pagerduty${path}`);
      if (auth) req = req.set('Authorization', auth);
      return body === undefined ? req : req.send(body as object);
    },
    /** Resolves when `count` signals were captured in total. */
    waitForSignals(count: number, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
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
    },
    async stop() {
      running.delete(handle);
      await backend.stop();
    },
  };
  running.add(handle);
  return handle;
}

/** The handle {@link startBackend} gives. */
export type TestBackend = Awaited<ReturnType<typeof startBackend>>;

/** Stops every backend started and not yet stopped (for `afterEach`). */
export async function stopBackends(): Promise<void> {
  await Promise.all([...running].map(b => b.stop()));
}

/** Polls until `probe` gives a truthy value. */
export async function waitFor<T>(
  probe: () =>
    | Promise<T | undefined | null | false>
    | T
    | undefined
    | null
    | false,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

/**
 * The plugin's composition root on mock services, without an HTTP server around it: for tests
 * that replace the PagerDuty client service with a fake (the webhook receiver's), or need a
 * clock. Mount `router` on an express app.
 */
export async function createMockedBackend(
  overrides: Partial<PagerDutyBackendDeps> &
    Pick<PagerDutyBackendDeps, 'pagerDuty'> & {
      config?: PagerDutyBackendDeps['config'];
    },
) {
  return createPagerDutyBackend({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
    database: mockServices.database.mock(),
    scheduler: mockServices.scheduler.mock(),
    lifecycle: mockServices.lifecycle.mock(),
    httpAuth: mockServices.httpAuth(),
    auth: mockServices.auth(),
    userInfo: mockServices.userInfo(),
    permissions: mockServices.permissions(),
    auditor: mockServices.auditor.mock(),
    catalog: catalogServiceMock(),
    ...overrides,
  });
}

/**
 * A simulator for the tests of a `describe` block: started before them (random port, no rate
 * limits unless told), reset before each, stopped after them. `use` receives it.
 */
export function useSimulator(
  use: (sim: PagerDutySimulator) => void,
  options: SimulatorOptions & { reset?: boolean } = {},
): void {
  const { reset = true, ...simOptions } = options;
  let sim: PagerDutySimulator | undefined;
  beforeAll(async () => {
    sim = await startPagerDutySimulator({
      port: 0,
      rateLimits: false,
      ...simOptions,
    });
    use(sim);
  });
  afterAll(async () => {
    await sim?.stop();
  });
  if (reset) beforeEach(() => sim?.reset());
}

/**
 * For tests that go through the outbox: a simulator for the `describe` block (see
 * `useSimulator`) and a `start` that boots a backend with one default account on it and fast
 * trigger retries (other options merged over it); backends are stopped after each test.
 */
export function useOutboxBackends(use: (sim: PagerDutySimulator) => void) {
  let sim: PagerDutySimulator;
  useSimulator(s => {
    sim = s;
    use(s);
  });
  afterEach(() => stopBackends());
  return (options: TestBackendOptions = {}) =>
    startBackend({
      ...options,
      pagerDuty: {
        accounts: [{ id: 'main', isDefault: true, ...simAccount(sim) }],
        triggers: { backoffInitialMs: 10 },
        ...options.pagerDuty,
      },
    });
}
