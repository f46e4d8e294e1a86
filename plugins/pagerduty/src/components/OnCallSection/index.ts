export { OnCallSection, orderLevels } from './OnCallSection';
