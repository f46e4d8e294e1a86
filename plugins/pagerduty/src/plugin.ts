import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { pagerDutyApiRef, PagerDutyClient } from './api';

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
  ],
});

/**
 * The PagerDuty card of the current entity: put it on the Overview tab of the entity page,
 * inside an `EntitySwitch.Case if={isPagerDutyAvailable}`.
 * @public
 */
export const EntityPagerDutyCard = pagerDutyPlugin.provide(
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
export const HomePagePagerDutyCard = pagerDutyPlugin.provide(
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
export const EntityPagerDutySmallCard = pagerDutyPlugin.provide(
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
