export { IncidentActions } from './IncidentActions';
export type { ReassignCandidates } from './IncidentActions';
export { reassignCandidatesOf } from './reassignCandidates';
