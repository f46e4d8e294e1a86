/**
 * The PagerDuty plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export { default, pagerDutyApi, pagerDutyEntityCard } from './alpha/plugin';
export { isPagerDutyAvailable, isPluginApplicableToEntity } from './conditions';
export { pagerDutyApiRef } from './api';
export type { PagerDutyApi } from './api';
export { pagerDutyTranslationRef } from './translation';
