export { SectionState, StaleNotice, PartialErrors } from './SectionState';
