/**
 * PagerDuty frontend plugin: incidents, on-call and change events of a catalog entity, with
 * incident triggering and incident actions.
 *
 * @packageDocumentation
 */
export {
  pagerDutyPlugin,
  EntityPagerDutyCard,
  HomePagePagerDutyCard,
  PagerDutyAdminPage,
} from './plugin';
export { pagerDutyAdminRouteRef } from './routes';
export { isPagerDutyAvailable } from './conditions';
export {
  pagerDutyApiRef,
  PagerDutyClient,
  PagerDutyBackendNotInstalledError,
  describePagerDutyError,
  pagerDutyMappingApiRef,
  PagerDutyMappingClient,
} from './api';
export type {
  PagerDutyApi,
  PagerDutyMappingApi,
  PagerDutyEntityRef,
  PagerDutyClientOptions,
  PagerDutyProblem,
  PagerDutyProblemKind,
} from './api';
export type { EntityPagerDutyCardProps } from './components/EntityPagerDutyCard';
export type { HomePagePagerDutyCardProps } from './components/HomePagePagerDutyCard';
