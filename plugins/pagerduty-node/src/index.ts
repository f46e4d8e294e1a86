/**
 * The PagerDuty API client as a Backstage backend service.
 *
 * @packageDocumentation
 */
export * from './config/accounts';
export * from './http/errors';
export * from './http/retry';
export type { Cached } from './cache/ResourceCache';
export { PagerDutyAccountClient } from './client/PagerDutyAccountClient';
export * from './client/schemas';
export * from './service/PagerDutyClientService';
export * from './config/budget';
export type { BudgetClaim } from './http/RequestBudget';
export type { BudgetStoreHealth } from './budget/BudgetStore';
export type { CacheHealth } from './cache/BoundedCache';
export { runWithBudgetClaim } from './budget/claim';
