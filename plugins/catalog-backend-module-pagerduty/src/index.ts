/**
 * The pagerduty module for the catalog backend: PagerDuty services mapped to catalog entities
 * without hand-written annotations.
 *
 * @packageDocumentation
 */
export { catalogModulePagerDuty as default } from './module';
export {
  readMappingConfig,
  type PagerDutyCatalogConfig,
  type PagerDutyDependencyDirection,
} from './config/readMappingConfig';
