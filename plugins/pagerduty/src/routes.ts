import { createRouteRef } from '@backstage/core-plugin-api';

/** The PagerDuty admin page (`/pagerduty` in the demo). @public */
export const pagerDutyAdminRouteRef = createRouteRef({ id: 'pagerduty' });
