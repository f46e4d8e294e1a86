export { EntityPagerDutySmallCard } from './EntityPagerDutySmallCard';
export { PagerDutySmallCard, onCallNow } from './PagerDutySmallCard';
export type { EntityPagerDutySmallCardProps } from './PagerDutySmallCard';
