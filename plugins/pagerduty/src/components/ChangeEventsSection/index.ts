export { ChangeEventsSection } from './ChangeEventsSection';
