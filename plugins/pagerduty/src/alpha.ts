/**
 * The PagerDuty plugin for the new frontend system. `isPagerDutyAvailable`, the API ref and the
 * types are exported by the package's main entry point.
 *
 * @packageDocumentation
 */
export {
  default,
  pagerDutyApi,
  pagerDutyAdminPage,
  pagerDutyEntityCard,
  pagerDutyMappingApi,
  pagerDutyMyOnCallWidget,
  pagerDutyMyServicesWidget,
  pagerDutySmallEntityCard,
} from './alpha/plugin';
export { pagerDutyTranslationRef } from './translation';
