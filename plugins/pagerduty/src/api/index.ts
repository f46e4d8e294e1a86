export { pagerDutyApiRef } from './PagerDutyApi';
export type {
  PagerDutyApi,
  PagerDutyCardData,
  PagerDutyEntityRef,
  PagerDutySectionResult,
} from './PagerDutyApi';
export { PagerDutyClient } from './PagerDutyClient';
export type { PagerDutyClientOptions } from './PagerDutyClient';
export {
  PagerDutyBackendNotInstalledError,
  describePagerDutyError,
  describePartialError,
  hasStandardSummary,
  pagerDutyProblem,
} from './errors';
export type { PagerDutyProblem, PagerDutyProblemKind } from './errors';
export {
  pagerDutyMappingApiRef,
  PagerDutyMappingClient,
} from './PagerDutyMappingApi';
export type { PagerDutyMappingApi } from './PagerDutyMappingApi';
