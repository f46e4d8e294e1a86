/*
 * The backend measured by cardViews.ts, run as its own process so that its CPU can be read
 * apart from the load generator's: a Backstage backend as adopters run it (auth with signed
 * user tokens, the real catalog on SQLite, the permission backend with an allow-all policy)
 * plus this plugin. Started by cardViews.ts with `fork()`; answers IPC messages:
 *
 *   { type: 'cpu' }            → { type: 'cpu', usage: process.cpuUsage() }
 *   { type: 'profile-start' }  → starts the V8 CPU profiler
 *   { type: 'profile-stop', file } → writes the .cpuprofile to `file`
 *
 * Configured by environment: BENCH_PORT, BENCH_PAGERDUTY_URL, BENCH_CATALOG_FILE and
 * BENCH_PAGERDUTY_CONFIG (JSON merged into the `pagerDuty` config).
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createBackend } from '@backstage/backend-defaults';
import {
  createBackendModule,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { DEMO_TOKEN } from '@backstage-pagerduty/pagerduty-simulator';

const port = Number(process.env.BENCH_PORT);
const pagerDutyUrl = process.env.BENCH_PAGERDUTY_URL!;
const catalogFile = process.env.BENCH_CATALOG_FILE!;
const pagerDutyExtra = JSON.parse(process.env.BENCH_PAGERDUTY_CONFIG || '{}');
// The plugin under test; another checkout of it to compare with (see cardViews.ts).
const pluginModule = process.env.BENCH_PLUGIN_MODULE || '../src';

const config = {
  app: { baseUrl: 'http://127.0.0.1:3000' },
  backend: {
    baseUrl: `http://127.0.0.1:${port}`,
    listen: { port, host: '127.0.0.1' },
    database: { client: 'better-sqlite3', connection: ':memory:' },
    cache: { store: 'memory' },
  },
  auth: {
    environment: 'development',
    providers: {
      guest: {
        dangerouslyAllowOutsideDevelopment: true,
        userEntityRef: 'user:default/guest',
      },
    },
  },
  permission: { enabled: true },
  catalog: {
    rules: [{ allow: ['Component', 'User', 'Group', 'Location'] }],
    locations: [{ type: 'file', target: catalogFile }],
    processingInterval: { minutes: 30 },
  },
  pagerDuty: {
    apiToken: DEMO_TOKEN,
    apiBaseUrl: pagerDutyUrl,
    eventsBaseUrl: pagerDutyUrl,
    ...pagerDutyExtra,
  },
};

const allowAllPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'bench-allow-all',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle() {
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => new ConfigReader(config),
  }),
);
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(allowAllPolicy);
backend.add(import(`${pluginModule}/index.ts`));

let session: Session | undefined;

process.on('message', async (message: { type: string; file?: string }) => {
  if (message.type === 'cpu') {
    process.send!({ type: 'cpu', usage: process.cpuUsage() });
  } else if (message.type === 'profile-start') {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    process.send!({ type: 'profile-start' });
  } else if (message.type === 'profile-stop' && session) {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(message.file!, JSON.stringify(profile));
    session.disconnect();
    session = undefined;
    process.send!({ type: 'profile-stop' });
  }
});
process.on('disconnect', () => process.exit(0));

backend.start().then(
  () => process.send!({ type: 'ready' }),
  error => {
    console.error(error);
    process.exit(1);
  },
);
