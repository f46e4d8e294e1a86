export { InsightsStrip, InsightsStripView } from './InsightsStrip';
export { IncidentsPerDayChart } from './IncidentsPerDayChart';
