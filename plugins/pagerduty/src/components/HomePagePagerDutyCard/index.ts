export { HomePagePagerDutyCard } from './HomePagePagerDutyCard';
export type { HomePagePagerDutyCardProps } from './HomePagePagerDutyCard';
