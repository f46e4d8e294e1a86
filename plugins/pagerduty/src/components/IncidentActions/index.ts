export { IncidentActions } from './IncidentActions';
export type { PagerDutyFeedback, ReassignCandidates } from './IncidentActions';
export { reassignCandidatesOf } from './reassignCandidates';
