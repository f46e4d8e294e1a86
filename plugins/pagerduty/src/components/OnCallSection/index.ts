export { OnCallSection, isUpcoming, orderLevels } from './OnCallSection';
