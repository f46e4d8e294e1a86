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
  pdContactMethodSchema,
  pdEscalationPolicySchema,
  pdIncidentSchema,
  pdIntegrationSchema,
  pdLogEntrySchema,
  pdServiceDependencySchema,
  pdTeamSchema,
  pdNoteSchema,
  pdOnCallSchema,
  pdServiceSchema,
  pdUserSchema,
} from './client/schemas';
export type {
  PdChangeEvent,
  PdChangeEventRequest,
  PdEscalationPolicy,
  PdIntegration,
  PdServiceCreateRequest,
  PdServiceDependency,
  PdTeam,
  PdContactMethod,
  PdEvent,
  PdIncident,
  PdLogEntry,
  PdNote,
  PdOnCall,
  PdService,
  PdUser,
} from './client/schemas';
export {
  PagerDutyDirectoryClient,
  type PdListing,
  type PdServiceCustomField,
} from './client/PagerDutyDirectoryClient';
export { PAGERDUTY_SERVICE_EVENTS_TOPIC } from './events/serviceEvents';
export type { PagerDutyServiceChangeEvent } from './events/serviceEvents';
export type { RequestBudget } from './http/RequestBudget';
export {
  HISTORY_INCIDENT_LIMIT,
  PagerDutyHealthClient,
  isAnalyticsUnavailable,
} from './client/PagerDutyHealthClient';
export type { PagerDutyPeriod } from './client/PagerDutyHealthClient';
export * from './service/PagerDutyClientService';
export { PagerDutyTelemetry } from './telemetry/PagerDutyTelemetry';
export type {
  ObservedBudget,
  PagerDutyOutboxSnapshot,
} from './telemetry/PagerDutyTelemetry';
export * from './config/budget';
export type { BudgetClaim } from './http/RequestBudget';
export type { BudgetStoreHealth } from './budget/BudgetStore';
export type { CacheHealth } from './cache/BoundedCache';
export { runWithBudgetClaim } from './budget/claim';
