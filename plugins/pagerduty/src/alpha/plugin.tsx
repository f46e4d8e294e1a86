import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import NotificationsActiveIcon from '@material-ui/icons/NotificationsActive';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { z } from 'zod';
import {
  pagerDutyApiRef,
  PagerDutyClient,
  pagerDutyMappingApiRef,
  PagerDutyMappingClient,
} from '../api';
import { pagerDutyAdminRouteRef } from '../routes';
import { isPagerDutyAvailable } from '../conditions';

/**
 * The `PagerDutyClient` as an API extension.
 * @alpha
 */
export const pagerDutyApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pagerDutyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PagerDutyClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The `PagerDutyMappingClient` (catalog mapping of PagerDuty services) as an API extension.
 * @alpha
 */
export const pagerDutyMappingApi = ApiBlueprint.make({
  name: 'mapping',
  params: defineParams =>
    defineParams({
      api: pagerDutyMappingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PagerDutyMappingClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The PagerDuty admin page at `/pagerduty`, with its nav item: service mapping and account
 * health. Configurable under `app.extensions` as `page:pagerduty`.
 * @alpha
 */
export const pagerDutyAdminPage = PageBlueprint.make({
  params: {
    path: '/pagerduty',
    title: 'PagerDuty',
    icon: <NotificationsActiveIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(pagerDutyAdminRouteRef),
    loader: () =>
      import('../components/PagerDutyAdminPage').then(m => (
        <m.PagerDutyAdminPage />
      )),
  },
});

/**
 * The PagerDuty card on the entity overview, for entities with a valid PagerDuty annotation.
 * Configurable under `app.extensions` as `entity-card:pagerduty`.
 * @alpha
 */
export const pagerDutyEntityCard = EntityCardBlueprint.makeWithOverrides({
  configSchema: {
    readOnly: z.boolean().default(false),
    disableChangeEvents: z.boolean().default(false),
    disableOnCall: z.boolean().default(false),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isPagerDutyAvailable,
      loader: async () => {
        const { EntityPagerDutyCard } = await import(
          '../components/EntityPagerDutyCard'
        );
        return (
          <EntityPagerDutyCard
            readOnly={config.readOnly}
            disableChangeEvents={config.disableChangeEvents}
            disableOnCall={config.disableOnCall}
          />
        );
      },
    });
  },
});

/**
 * The small PagerDuty card (status, on call now, open incidents, trigger button), for entities
 * with a valid PagerDuty annotation. Disabled by default; enable it as `entity-card:pagerduty/small: true` in `app.extensions`.
 * @alpha
 */
export const pagerDutySmallEntityCard = EntityCardBlueprint.makeWithOverrides({
  name: 'small',
  // Off by default: the full card already shows the same; enable it in app-config.
  disabled: true,
  configSchema: {
    readOnly: z.boolean().default(false),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isPagerDutyAvailable,
      type: 'info',
      loader: async () => {
        const { EntityPagerDutySmallCard } = await import(
          '../components/EntityPagerDutySmallCard'
        );
        return <EntityPagerDutySmallCard readOnly={config.readOnly} />;
      },
    });
  },
});

/**
 * Home page widget "My on-call shifts" (`home-page-widget:pagerduty/my-oncall`).
 * @alpha
 */
export const pagerDutyMyOnCallWidget = HomePageWidgetBlueprint.make({
  name: 'my-oncall',
  params: {
    name: 'PagerDutyMyOnCall',
    title: 'My on-call shifts',
    description: 'When you are on call in PagerDuty: now and the next 7 days.',
    components: () =>
      import('../components/HomePageWidgets').then(m => ({
        Content: m.MyOnCallShifts,
      })),
  },
});

/**
 * Home page widget "My teams' services" (`home-page-widget:pagerduty/my-services`).
 * @alpha
 */
export const pagerDutyMyServicesWidget = HomePageWidgetBlueprint.make({
  name: 'my-services',
  params: {
    name: 'PagerDutyMyServices',
    title: "My teams' services",
    description:
      'Services owned by your teams that have open PagerDuty incidents.',
    components: () =>
      import('../components/HomePageWidgets').then(m => ({
        Content: m.MyTeamsServices,
      })),
  },
});

/**
 * The PagerDuty plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'pagerduty',
  info: { packageJson: () => import('../../package.json') },
  routes: { root: convertLegacyRouteRef(pagerDutyAdminRouteRef) },
  extensions: [
    pagerDutyApi,
    pagerDutyMappingApi,
    pagerDutyEntityCard,
    pagerDutySmallEntityCard,
    pagerDutyAdminPage,
    pagerDutyMyOnCallWidget,
    pagerDutyMyServicesWidget,
  ],
});
