/**
 * PagerDuty frontend plugin: incidents, on-call and change events of a catalog entity, with
 * incident triggering and incident actions.
 *
 * @packageDocumentation
 */
export {
  pagerDutyPlugin,
  EntityPagerDutyCard,
  EntityPagerDutySmallCard,
  HomePagePagerDutyCard,
  HomePageMyOnCallCard,
  HomePageMyServicesCard,
  PagerDutyAdminPage,
} from './plugin';
export { pagerDutyAdminRouteRef } from './routes';
export { isPagerDutyAvailable, isPluginApplicableToEntity } from './conditions';
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
  PagerDutyCardData,
  PagerDutySectionResult,
  PagerDutyEntityRef,
  PagerDutyClientOptions,
  PagerDutyProblem,
  PagerDutyProblemKind,
} from './api';
export type { EntityPagerDutyCardProps } from './components/EntityPagerDutyCard';
export type { EntityPagerDutySmallCardProps } from './components/EntityPagerDutySmallCard';
export type { HomePagePagerDutyCardProps } from './components/HomePagePagerDutyCard';
