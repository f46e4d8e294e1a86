export { EntityPagerDutyCard } from './EntityPagerDutyCard';
export { PagerDutyCard } from './PagerDutyCard';
export type { EntityPagerDutyCardProps } from './PagerDutyCard';
