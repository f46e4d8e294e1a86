import { createCardExtension } from '@backstage/plugin-home-react';
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
 * "My on-call shifts" for the home page (`@backstage/plugin-home`): the signed-in user's
 * current and next PagerDuty on-call shifts, found by the email of their catalog entity.
 * @public
 */
export const HomePageMyOnCallCard = pagerDutyPlugin.provide(
  createCardExtension<{}>({
    name: 'HomePageMyOnCallCard',
    title: 'My on-call shifts',
    description: 'When you are on call in PagerDuty: now and the next 7 days.',
    components: () =>
      import('./components/HomePageWidgets').then(m => ({
        Content: m.MyOnCallShifts,
      })),
  }),
);

/**
 * "My teams' services" for the home page (`@backstage/plugin-home`): the entities owned by the
 * signed-in user's groups that have open PagerDuty incidents.
 * @public
 */
export const HomePageMyServicesCard = pagerDutyPlugin.provide(
  createCardExtension<{}>({
    name: 'HomePageMyServicesCard',
    title: "My teams' services",
    description:
      'Services owned by your teams that have open PagerDuty incidents.',
    components: () =>
      import('./components/HomePageWidgets').then(m => ({
        Content: m.MyTeamsServices,
      })),
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
