/**
 * Backstage backend plugin for PagerDuty.
 *
 * @packageDocumentation
 */
export { pagerDutyPlugin as default } from './plugin';
