export { FreshnessLabel } from './FreshnessLabel';
