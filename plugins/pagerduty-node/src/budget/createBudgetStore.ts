import {
  DatabaseService,
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
} from 'rate-limiter-flexible';
import { PagerDutyBudgetOptions } from '../config/budget';
import { BudgetStore, LimiterFactory } from './BudgetStore';
import { createRedisClient, readRedisCacheConfig } from './redisClient';

/** Table of the database-backed budget (created by `rate-limiter-flexible`). */
export const BUDGET_TABLE = 'pagerduty_request_budget';

/** Dependencies of {@link createBudgetStore}. */
export interface BudgetStoreDeps {
  config: Config;
  logger: LoggerService;
  /** The plugin's database; used when the cache is not Redis and this is PostgreSQL. */
  database?: DatabaseService;
  lifecycle?: LifecycleService;
  /** The Redis client to use (shared with the plugin's cache); else one is made. */
  redisClient?: Redis;
}

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

function isPostgres(knex: Knex): boolean {
  const client = String(knex.client.config.client ?? '');
  return ['pg', 'postgres', 'postgresql'].includes(client);
}

/**
 * Where the request budget is counted, chosen as `pagerDuty.client.budgetStore` says; `auto`
 * (the default) takes a store the deployment already shares: Redis when `backend.cache` is
 * Redis, else the plugin's database when it is PostgreSQL, else memory (one process).
 */
export async function createBudgetStore(
  options: PagerDutyBudgetOptions,
  deps: BudgetStoreDeps,
): Promise<BudgetStore> {
  const { config, logger } = deps;
  const limits = {
    requestsPerMinute: options.requestsPerMinute,
    consumerShare: options.entityShare,
    replicas: options.replicas,
  };
  const storeOptions = { timeoutMs: options.storeTimeoutMs };
  const redis = readRedisCacheConfig(config);
  let kind = options.store;
  if (kind === 'auto') {
    if (redis) kind = 'redis';
    else if (deps.database) kind = 'database';
    else kind = 'memory';
  }

  if (kind === 'redis') {
    if (!redis) {
      throw new Error(
        'pagerDuty.client.budgetStore is "redis" but backend.cache is not Redis (store: redis, connection)',
      );
    }
    const prefix = `${
      redis.namespace ? `${redis.namespace}:` : ''
    }pagerduty:budget`;
    const client =
      deps.redisClient ?? createRedisClient(redis.url, logger, deps.lifecycle);
    const factory: LimiterFactory = o =>
      new RateLimiterRedis({
        storeClient: client,
        rejectIfRedisNotReady: true,
        ...o,
        keyPrefix: `${prefix}:${o.keyPrefix}`,
      });
    logger.info('PagerDuty request budget: shared through Redis');
    return new BudgetStore('redis', factory, limits, logger, storeOptions);
  }

  if (kind === 'database') {
    const knex = deps.database ? await deps.database.getClient() : undefined;
    if (knex && isPostgres(knex)) {
      await createTable(knex);
      const factory: LimiterFactory = o =>
        new RateLimiterPostgres({
          storeClient: knex,
          storeType: 'knex',
          tableName: BUDGET_TABLE,
          tableCreated: true,
          clearExpiredByTimeout: true,
          ...o,
        });
      logger.info(
        'PagerDuty request budget: shared through the plugin database',
      );
      return new BudgetStore('database', factory, limits, logger, storeOptions);
    }
    if (options.store === 'database') {
      throw new Error(
        'pagerDuty.client.budgetStore is "database", which needs PostgreSQL as the plugin database',
      );
    }
  }

  if (options.replicas > 1) {
    logger.warn(
      'PagerDuty request budget: counted in memory (no Redis cache, no PostgreSQL); with several replicas each one allows itself the whole budget',
    );
  }
  return new BudgetStore(
    'memory',
    o => new RateLimiterMemory(o),
    limits,
    logger,
  );
}

/**
 * Lets `rate-limiter-flexible` create its table once, before any limiter uses it. Replicas
 * starting together may race on `CREATE TABLE IF NOT EXISTS`; the loser tries again.
 */
async function createTable(knex: Knex): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        // eslint-disable-next-line no-new
        new RateLimiterPostgres(
          {
            storeClient: knex,
            storeType: 'knex',
            tableName: BUDGET_TABLE,
            points: 1,
            duration: 1,
          },
          (error?: unknown) => (error ? reject(error) : resolve()),
        );
      });
      return;
    } catch (error) {
      if (attempt >= 2) throw error;
      await new Promise(r => setTimeout(r, 100 * (attempt + 1)));
    }
  }
}
