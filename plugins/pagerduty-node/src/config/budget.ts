import { Config } from '@backstage/config';

/** How the request budget is shared and split. @public */
export interface PagerDutyBudgetOptions {
  /** Requests per minute per token across all replicas; 0 = no limit (`pagerDuty.client.requestsPerMinute`). */
  requestsPerMinute: number;
  /** Where the counts are kept; `auto` picks Redis, then PostgreSQL, then memory. */
  store: 'auto' | 'redis' | 'database' | 'memory';
  /** Fraction of a minute's budget one entity may use (more than 0, at most 1). */
  entityShare: number;
  /** Replicas of the backend; while the shared store is down each uses 1/replicas. */
  replicas: number;
  /** Longest wait for the shared store (ms) before the replica falls back to its share. */
  storeTimeoutMs: number;
  /** Most PagerDuty services one entity may show; the others are reported, not fetched. */
  maxServicesPerEntity: number;
}

function number(
  config: Config | undefined,
  key: string,
  fallback: number,
  check: (value: number) => boolean,
  expected: string,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || !check(value)) {
    throw new Error(
      `Invalid config at pagerDuty.client.${key}: ${value}; expected ${expected}`,
    );
  }
  return value;
}

/** Reads the budget settings of `pagerDuty.client`. @public */
export function readPagerDutyBudgetOptions(
  root: Config,
): PagerDutyBudgetOptions {
  const client = root.getOptionalConfig('pagerDuty.client');
  const store = client?.getOptionalString('budgetStore') ?? 'auto';
  if (!['auto', 'redis', 'database', 'memory'].includes(store)) {
    throw new Error(
      `Invalid config at pagerDuty.client.budgetStore: "${store}"; expected auto, redis, database or memory`,
    );
  }
  return {
    requestsPerMinute: number(
      client,
      'requestsPerMinute',
      900,
      v => v >= 0,
      'a number of at least 0 (0: no limit)',
    ),
    store: store as PagerDutyBudgetOptions['store'],
    entityShare: number(
      client,
      'entityShare',
      0.25,
      v => v > 0 && v <= 1,
      'a fraction above 0 and at most 1',
    ),
    replicas: number(
      client,
      'replicas',
      1,
      v => Number.isInteger(v) && v >= 1,
      'a whole number of at least 1',
    ),
    storeTimeoutMs: number(
      client,
      'budgetStoreTimeoutMs',
      250,
      v => v > 0,
      'a number of milliseconds above 0',
    ),
    maxServicesPerEntity: number(
      client,
      'maxServicesPerEntity',
      10,
      v => Number.isInteger(v) && v >= 1,
      'a whole number of at least 1',
    ),
  };
}
