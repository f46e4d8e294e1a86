export { SlaTimer } from './SlaTimer';
export type { SlaTimerProps } from './SlaTimer';
