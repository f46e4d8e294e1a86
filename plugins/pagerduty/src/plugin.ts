import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  pagerDutyApiRef,
  PagerDutyClient,
  pagerDutyMappingApiRef,
  PagerDutyMappingClient,
} from './api';
import { pagerDutyAdminRouteRef } from './routes';
import type { EntityPagerDutyCardProps } from './components/EntityPagerDutyCard';
import type { HomePagePagerDutyCardProps } from './components/HomePagePagerDutyCard';
import type { EntityPagerDutySmallCardProps } from './components/EntityPagerDutySmallCard/PagerDutySmallCard';

/**
 * The PagerDuty frontend plugin (legacy frontend system).
 * @public
 */
export const pagerDutyPlugin = createPlugin({
  id: 'pagerduty',
  apis: [
    createApiFactory({
      api: pagerDutyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PagerDutyClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: pagerDutyMappingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PagerDutyMappingClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: pagerDutyAdminRouteRef },
});

/**
 * The PagerDuty admin page: service mapping to the catalog and account health. Mount it on a
 * route (e.g. `/pagerduty`) and add a sidebar item.
 * @public
 */
export const PagerDutyAdminPage: () => JSX.Element = pagerDutyPlugin.provide(
  createRoutableExtension({
    name: 'PagerDutyAdminPage',
    mountPoint: pagerDutyAdminRouteRef,
    component: () =>
      import('./components/PagerDutyAdminPage').then(m => m.PagerDutyAdminPage),
  }),
);

/**
 * The PagerDuty card of the current entity: put it on the Overview tab of the entity page,
 * inside an `EntitySwitch.Case if={isPagerDutyAvailable}`.
 * @public
 */
export const EntityPagerDutyCard: (
  props: EntityPagerDutyCardProps,
) => JSX.Element = pagerDutyPlugin.provide(
  createComponentExtension({
    name: 'EntityPagerDutyCard',
    component: {
      lazy: () =>
        import('./components/EntityPagerDutyCard').then(
          m => m.EntityPagerDutyCard,
        ),
    },
  }),
);

/**
 * "Who is on call" for chosen entities, for the home page.
 * @public
 */
export const HomePagePagerDutyCard: (
  props: HomePagePagerDutyCardProps,
) => JSX.Element = pagerDutyPlugin.provide(
  createComponentExtension({
    name: 'HomePagePagerDutyCard',
    component: {
      lazy: () =>
        import('./components/HomePagePagerDutyCard').then(
          m => m.HomePagePagerDutyCard,
        ),
    },
  }),
);

/**
 * The small PagerDuty card of the current entity (status, on call now, open incidents, trigger
 * button), e.g. beside the about card.
 * @public
 */
export const EntityPagerDutySmallCard: (
  props: EntityPagerDutySmallCardProps,
) => JSX.Element = pagerDutyPlugin.provide(
  createComponentExtension({
    name: 'EntityPagerDutySmallCard',
    component: {
      lazy: () =>
        import('./components/EntityPagerDutySmallCard').then(
          m => m.EntityPagerDutySmallCard,
        ),
    },
  }),
);
