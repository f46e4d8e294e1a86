export { PagerDutyAdminPage } from './PagerDutyAdminPage';
