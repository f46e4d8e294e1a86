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
export {
  HISTORY_INCIDENT_LIMIT,
  PagerDutyHealthClient,
  isAnalyticsUnavailable,
} from './client/PagerDutyHealthClient';
export type { PagerDutyPeriod } from './client/PagerDutyHealthClient';
export * from './client/schemas';
export * from './service/PagerDutyClientService';
export { PagerDutyTelemetry } from './telemetry/PagerDutyTelemetry';
export type { PagerDutyOutboxSnapshot } from './telemetry/PagerDutyTelemetry';
