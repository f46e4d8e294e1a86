/**
 * The PagerDuty API client as a Backstage backend service.
 *
 * @packageDocumentation
 */
// The account reader stays inside: other plugins get the credential-free account info from
// the client service (`accounts()`), never a token or client secret.
export {
  DEFAULT_ACCOUNT_ID,
  PagerDutyConfigurationError,
  readPagerDutyClientOptions,
} from './config/accounts';
export type {
  PagerDutyAccountInfo,
  PagerDutyClientOptions,
  PagerDutyRegion,
} from './config/accounts';
export { PagerDutyApiError, isRetryable } from './http/errors';
export type { PagerDutyFailureKind } from './http/errors';
export * from './http/retry';
export type { Cached } from './cache/ResourceCache';
export { PagerDutyAccountClient } from './client/PagerDutyAccountClient';
export {
  pdChangeEventSchema,
  pdIncidentSchema,
  pdNoteSchema,
  pdOnCallSchema,
  pdServiceSchema,
  pdUserSchema,
} from './client/schemas';
export type {
  PdChangeEvent,
  PdEvent,
  PdIncident,
  PdNote,
  PdOnCall,
  PdService,
  PdUser,
} from './client/schemas';
export {
  PagerDutyDirectoryClient,
  type PdListing,
} from './client/PagerDutyDirectoryClient';
export * from './service/PagerDutyClientService';
export * from './config/budget';
export type { BudgetClaim, RequestBudget } from './http/RequestBudget';
export type { BudgetStoreHealth } from './budget/BudgetStore';
export type { CacheHealth } from './cache/BoundedCache';
export { runWithBudgetClaim } from './budget/claim';
