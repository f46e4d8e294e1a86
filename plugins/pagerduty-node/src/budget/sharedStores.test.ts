import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Redis } from 'ioredis';
import { readPagerDutyBudgetOptions } from '../config/budget';
import { BudgetStore, slotsPerWindow } from './BudgetStore';
import { createBudgetStore } from './createBudgetStore';
import { reachable } from '../__testUtils__/reachable';

jest.setTimeout(60_000);

const logger = mockServices.logger.mock();
const REDIS_URL = 'redis://127.0.0.1:6379';

/** Two replicas take as fast as they can: together they get one window's slots, no more. */
async function takeTogether(a: BudgetStore, b: BudgetStore, key: string) {
  let ok = 0;
  const started = Date.now();
  // Stay within one window (6 s for 60 a minute) that began with the first take.
  while (Date.now() - started < 1_000) {
    const [x, y] = await Promise.all([a.take(key), b.take(key)]);
    ok += Number(x.ok) + Number(y.ok);
  }
  return ok;
}

const config = (extra: object) =>
  new ConfigReader({
    ...extra,
    pagerDuty: { client: { requestsPerMinute: 60 } },
  });

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('the request budget shared by replicas', () => {
  const postgres = databases.eachSupportedId();
  if (postgres.length === 0) {
    it.todo(
      'is one budget through the plugin database (needs PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
    );
  } else {
    it.each(postgres)(
      'is one budget through the plugin database on %p',
      async id => {
        const knex = await databases.init(id);
        const database = mockServices.database.mock({
          getClient: async () => knex,
        });
        const c = config({});
        const options = readPagerDutyBudgetOptions(c);
        const [a, b] = await Promise.all([
          createBudgetStore(options, { config: c, logger, database }),
          createBudgetStore(options, { config: c, logger, database }),
        ]);
        expect(a.kind).toBe('database');
        expect(await takeTogether(a, b, 'token')).toBe(slotsPerWindow(60));
        // A 429 pause seen by one replica holds the other back too.
        await a.pause('paused', 3_000);
        expect(await b.take('paused')).toMatchObject({ ok: false });
        expect(b.health()).toEqual({ store: 'database', status: 'ok' });
      },
    );
  }

  it('is one budget through Redis when the cache is Redis', async () => {
    if (!(await reachable(6379))) {
      // eslint-disable-next-line no-console
      console.warn('Redis is not running on 127.0.0.1:6379; skipped');
      return;
    }
    const namespace = `pd-test-${randomUUID()}`;
    const c = config({
      backend: {
        cache: {
          store: 'redis',
          connection: REDIS_URL,
          redis: { client: { namespace } },
        },
      },
    });
    const options = readPagerDutyBudgetOptions(c);
    const shutdown: Array<() => Promise<void> | void> = [];
    const lifecycle = mockServices.lifecycle.mock({
      addShutdownHook: hook => {
        shutdown.push(hook);
      },
    });
    const redis = new Redis(REDIS_URL);
    try {
      const [a, b] = await Promise.all([
        createBudgetStore(options, { config: c, logger, lifecycle }),
        createBudgetStore(options, { config: c, logger, lifecycle }),
      ]);
      expect(a.kind).toBe('redis');
      await new Promise(r => setTimeout(r, 200)); // connected
      expect(await takeTogether(a, b, 'token')).toBe(slotsPerWindow(60));
      await a.pause('paused', 3_000);
      expect(await b.take('paused')).toMatchObject({ ok: false });
      // The counts live under the deployment's namespace only.
      const keys = await redis.keys(`${namespace}:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      for (const hook of shutdown) await hook();
      const keys = await redis.keys(`${namespace}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
