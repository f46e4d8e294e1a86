export { IncidentActions } from './IncidentActions';
export type { PagerDutyFeedback } from './IncidentActions';
