export { IncidentDetails } from './IncidentDetails';
