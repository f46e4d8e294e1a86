export { PagerDutyProblemPanel } from './PagerDutyProblemPanel';
