export { IncidentsSection } from './IncidentsSection';
