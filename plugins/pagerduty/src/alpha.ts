/**
 * The PagerDuty plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export {
  default,
  pagerDutyApi,
  pagerDutyAdminPage,
  pagerDutyEntityCard,
  pagerDutyMappingApi,
} from './alpha/plugin';
export { isPagerDutyAvailable } from './conditions';
export { pagerDutyApiRef } from './api';
export type { PagerDutyApi } from './api';
