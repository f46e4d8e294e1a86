import {
  CacheService,
  LoggerService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  MetricsService,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { Config } from '@backstage/config';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import {
  PagerDutyAccountConfig,
  PagerDutyAccountInfo,
  readPagerDutyAccounts,
  toAccountInfo,
  readPagerDutyClientOptions,
} from '../config/accounts';
import { BoundedCache, CacheHealth } from '../cache/BoundedCache';
import { ResourceCache } from '../cache/ResourceCache';
import { PagerDutyTelemetry } from '../telemetry/PagerDutyTelemetry';
import { BudgetStore, BudgetStoreHealth } from '../budget/BudgetStore';
import { createBudgetStore } from '../budget/createBudgetStore';
import { createRedisClient, readRedisCacheConfig } from '../budget/redisClient';
import { RedisCache } from '../cache/RedisCache';
import { readPagerDutyBudgetOptions } from '../config/budget';
import { PagerDutyAccountClient } from '../client/PagerDutyAccountClient';
import { PagerDutyHttpClient } from '../http/PagerDutyHttpClient';
import { createHash } from 'node:crypto';
import { RequestBudget } from '../http/RequestBudget';
import {
  ApiTokenProvider,
  OAuthTokenProvider,
  TokenProvider,
} from '../http/TokenProvider';

/** Why an account could not be given. @public */
export class PagerDutyConfigError extends Error {
  constructor(
    readonly reason: 'not-configured' | 'unknown-account',
    message: string,
  ) {
    super(message);
    this.name = 'PagerDutyConfigError';
  }
}

/**
 * The PagerDuty client shared by the PagerDuty backend plugin and other backend modules.
 * @public
 */
export interface PagerDutyClientService {
  /** False when no account is configured; the plugin then answers "not configured". */
  isConfigured(): boolean;
  accounts(): PagerDutyAccountInfo[];
  /** The client of an account; the default account when `accountId` is undefined. */
  forAccount(accountId?: string): PagerDutyAccountClient;
  /**
   * The clock of the client (epoch ms): what "now" is for on-call windows, cache ages and token
   * expiry. Users of the data (e.g. deciding who is on call now) should use the same clock.
   */
  now?(): number;
  /** The plugin's metrics (requests, 429s, budget, cache; outbox and webhooks for the backend). */
  telemetry?(): PagerDutyTelemetry;
  /**
   * The shared infrastructure the client relies on: the cache store and the store of the
   * request budget, each `ok` or `degraded` with a message naming it.
   */
  infrastructure?(): PagerDutyInfrastructureHealth;
}

/** See {@link PagerDutyClientService.infrastructure}. @public */
export interface PagerDutyInfrastructureHealth {
  cache: CacheHealth;
  budget: BudgetStoreHealth;
}

/** Dependencies of {@link DefaultPagerDutyClientService.fromConfig}. @public */
export interface PagerDutyClientServiceDeps {
  logger: LoggerService;
  cache: CacheService;
  /** Clock (epoch ms); default `Date.now`. For tests. */
  now?: () => number;
  /** The fetch used for PagerDuty's APIs and the OAuth token endpoint; default global fetch. */
  fetch?: typeof fetch;
  /** Backstage's metrics service (alpha); no metrics without it. */
  metrics?: MetricsService;
  /**
   * Where the request budget is counted (see `createBudgetStore`); default: memory, i.e. this
   * process only. The service factory shares it through Redis or the plugin's database.
   *
   * @internal
   */
  budgetStore?: BudgetStore;
  /**
   * Request budgets by token, shared with other instances given the same map. The default
   * factory gives every plugin of the process (the PagerDuty backend, the catalog module...)
   * one map, so they keep together to the per-token rate PagerDuty enforces; across
   * processes they share the budget store.
   */
  budgets?: Map<string, RequestBudget>;
}

/**
 * The per-token request budgets of one backend, shared by every plugin's PagerDuty client (the
 * PagerDuty backend, the catalog module, ...): root-scoped, so they keep together to the rate
 * PagerDuty enforces per token.
 * @public
 */
export const pagerDutyRequestBudgetsServiceRef = createServiceRef<
  Map<string, RequestBudget>
>({
  id: 'pagerduty.request-budgets',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => new Map<string, RequestBudget>(),
    }),
});

/** Accounts with the same credentials share one budget: PagerDuty counts per token. */
function tokenIdOf(account: PagerDutyAccountConfig): string {
  return account.auth.type === 'api-token'
    ? `token:${account.auth.token}`
    : `oauth:${account.auth.clientId}:${account.auth.subDomain}`;
}

/** The default implementation, from config. @public */
export class DefaultPagerDutyClientService implements PagerDutyClientService {
  private readonly clients = new Map<string, PagerDutyAccountClient>();
  private readonly accountList: PagerDutyAccountConfig[];

  private readonly clock: () => number;
  private readonly metrics: PagerDutyTelemetry;
  private readonly boundedCache: BoundedCache;
  private readonly budgetStore: BudgetStore;

  static fromConfig(
    config: Config,
    deps: PagerDutyClientServiceDeps,
  ): DefaultPagerDutyClientService {
    return new DefaultPagerDutyClientService(config, deps);
  }

  private constructor(config: Config, deps: PagerDutyClientServiceDeps) {
    this.accountList = readPagerDutyAccounts(config);
    const options = readPagerDutyClientOptions(config);
    const now = deps.now ?? Date.now;
    this.clock = now;
    this.metrics = new PagerDutyTelemetry(deps.metrics);
    this.boundedCache = new BoundedCache(deps.cache, deps.logger);
    this.budgetStore =
      deps.budgetStore ??
      new BudgetStore(
        'memory',
        o => new RateLimiterMemory(o),
        {
          requestsPerMinute: options.requestsPerMinute,
          ...(({ entityShare, replicas }) => ({
            consumerShare: entityShare,
            replicas,
          }))(readPagerDutyBudgetOptions(config)),
        },
        deps.logger,
      );
    const cache = new ResourceCache(
      this.boundedCache,
      options.ttls.stale * 1000,
      now,
      options.ttls.negative * 1000,
      this.metrics,
    );
    // Accounts sharing a token share its budget: PagerDuty counts per token.
    const budgets = deps.budgets ?? new Map<string, RequestBudget>();
    for (const account of this.accountList) {
      const tokenId = tokenIdOf(account);
      const budgetId = `${tokenId}:${options.requestsPerMinute}`;
      let budget = budgets.get(budgetId);
      if (!budget) {
        // The store sees a digest of the credential, never the credential.
        const key = createHash('sha256')
          .update(tokenId)
          .digest('hex')
          .slice(0, 24);
        budget = new RequestBudget(this.budgetStore, key, now);
        budgets.set(budgetId, budget);
        const created = budget;
        this.metrics.observeBudget({
          accounts: this.accountList
            .filter(a => tokenIdOf(a) === tokenId)
            .map(a => a.id),
          limitPerMinute: options.requestsPerMinute,
          usedInLastMinute: () => created.usedInLastMinute(),
        });
      }
      const tokens: TokenProvider =
        account.auth.type === 'api-token'
          ? new ApiTokenProvider(account.auth.token)
          : new OAuthTokenProvider(
              account.auth,
              options.timeoutMs,
              now,
              deps.fetch,
            );
      const http = new PagerDutyHttpClient(
        toAccountInfo(account),
        tokens,
        budget,
        { ...options, fetch: deps.fetch, telemetry: this.metrics },
        deps.logger,
      );
      this.clients.set(
        account.id,
        new PagerDutyAccountClient(http, cache, options, now),
      );
    }
    if (this.accountList.length === 0) {
      deps.logger.warn(
        'PagerDuty is not configured: set pagerDuty.apiToken (or pagerDuty.oauth / pagerDuty.accounts) in app-config. The PagerDuty routes answer 503 until then.',
      );
    } else {
      deps.logger.info(
        `PagerDuty accounts: ${this.accountList
          .map(
            a => `${a.id}${a.isDefault ? ' (default)' : ''} at ${a.apiBaseUrl}`,
          )
          .join(', ')}`,
      );
    }
  }

  now(): number {
    return this.clock();
  }

  telemetry(): PagerDutyTelemetry {
    return this.metrics;
  }

  infrastructure(): PagerDutyInfrastructureHealth {
    return {
      cache: this.boundedCache.health(),
      budget: this.budgetStore.health(),
    };
  }

  isConfigured() {
    return this.accountList.length > 0;
  }

  accounts() {
    return this.accountList.map(toAccountInfo);
  }

  forAccount(accountId?: string): PagerDutyAccountClient {
    if (this.accountList.length === 0) {
      throw new PagerDutyConfigError(
        'not-configured',
        'PagerDuty is not configured in this Backstage: an administrator must set pagerDuty.apiToken (or pagerDuty.oauth / pagerDuty.accounts) in app-config',
      );
    }
    const id = accountId ?? this.accountList.find(a => a.isDefault)!.id;
    const client = this.clients.get(id);
    if (!client) {
      throw new PagerDutyConfigError(
        'unknown-account',
        `PagerDuty account "${id}" is not configured; configured accounts: ${this.accountList
          .map(a => a.id)
          .join(', ')}`,
      );
    }
    return client;
  }
}

/**
 * Service reference of the PagerDuty client. Plugin-scoped: each plugin that depends on it gets
 * its own instance over its own cache namespace.
 * @public
 */
export const pagerDutyClientServiceRef =
  createServiceRef<PagerDutyClientService>({
    id: 'pagerduty.client',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          cache: coreServices.cache,
          database: coreServices.database,
          lifecycle: coreServices.lifecycle,
          budgets: pagerDutyRequestBudgetsServiceRef,
          metrics: metricsServiceRef,
        },
        factory: async ({
          config,
          logger,
          cache,
          database,
          lifecycle,
          budgets,
          metrics,
        }) => {
          // With Redis, the plugin talks to it through its own client (see RedisCache).
          const redis = readRedisCacheConfig(config);
          const redisClient = redis
            ? createRedisClient(redis.url, logger, lifecycle)
            : undefined;
          return DefaultPagerDutyClientService.fromConfig(config, {
            logger,
            cache:
              redis && redisClient
                ? new RedisCache(
                    redisClient,
                    `${redis.namespace ? `${redis.namespace}:` : ''}pagerduty`,
                  )
                : cache,
            budgets,
            metrics,
            budgetStore: await createBudgetStore(
              readPagerDutyBudgetOptions(config),
              { config, logger, database, lifecycle, redisClient },
            ),
          });
        },
      }),
  });
