/**
 * PagerDuty actions for Backstage software templates.
 *
 * @packageDocumentation
 */
export { scaffolderModulePagerDuty as default } from './module';
export { createPagerDutyServiceAction } from './actions/createService';
export { createTriggerIncidentAction } from './actions/triggerIncident';
export { createChangeEventAction } from './actions/changeEvent';
export { PagerDutyPluginClient } from './api/PagerDutyPluginClient';
