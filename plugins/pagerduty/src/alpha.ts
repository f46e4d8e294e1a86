/**
 * The PagerDuty plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export {
  default,
  pagerDutyApi,
  pagerDutyEntityCard,
  pagerDutySmallEntityCard,
} from './alpha/plugin';
export { isPagerDutyAvailable } from './conditions';
export { pagerDutyApiRef } from './api';
export type { PagerDutyApi } from './api';
